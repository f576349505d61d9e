package dev.tandem.reconcile.report;

import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.TableRecord;
import java.util.Optional;

/**
 * What to do next about one table of a run: the command that repairs it, or why its differences
 * cannot be repaired (yet). Repairs copy the primary's row, so only confirmed differences, which
 * were re-checked, are repaired.
 */
final class NextStep {

    private NextStep() {}

    /** The next step for {@code table}, empty when there is nothing to do. */
    static Optional<String> of(RunRecord run, TableRecord table) {
        String again = "tandem reconcile run --tables=" + table.table();
        if (table.error() != null) {
            return Optional.of("cannot be repaired before it is compared: fix what failed, then run " + again);
        }
        String unchecked = table.notRechecked() == 0
                ? ""
                : String.format(
                        "%,d differences were not re-checked and cannot be repaired by this run (only re-checked,"
                                + " confirmed ones are); after the repair run %s again to re-check them",
                        table.notRechecked(), again);
        if (table.confirmed() == 0) {
            return unchecked.isEmpty() ? Optional.empty() : Optional.of(capitalised(unchecked));
        }
        String repair =
                switch (run.repair().mode()) {
                    case NONE -> "see the repairs with " + again + " --repair, then publish them with " + again
                            + " --repair --execute";
                    case DRY_RUN -> "publish the repairs listed below with " + again + " --repair --execute";
                    case EXECUTE -> run.repair().remaining() > 0
                            ? "some repairs did not verify (a newer write, or the retry consumer is behind): run "
                                    + again + " to see what is left"
                            : "repaired in this run: run " + again + " to confirm it is clean";
                };
        return Optional.of(capitalised(repair) + (unchecked.isEmpty() ? "" : "; " + unchecked));
    }

    /** Whether {@code run} was a repair dry run that planned something. */
    static boolean listsRepairs(RunRecord run) {
        return run.repair().mode() != RepairMode.NONE && run.repair().planned() > 0;
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
