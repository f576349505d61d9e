package dev.tandem.reconcile.report;

import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;

/**
 * A run's one-line verdict: what was compared and what came of it. A partial run says so first and
 * names what it did not compare, so it never reads as a verdict on the whole migration; a run that
 * found more differences than it re-checked puts the exact number found first.
 */
final class Headline {

    /** How many table names a headline spells out. */
    private static final int NAMES = 3;

    private Headline() {}

    static String of(RunRecord run) {
        String tables = Shown.count(run.tables().size(), "table");
        long differing = run.tables().stream().filter(t -> t.found() > 0).count();
        long confirmedIn = run.tables().stream().filter(t -> t.confirmed() > 0).count();
        String body =
                switch (run.verdict()) {
                    case CLEAN -> run.found() > run.rechecked()
                            ? String.format(
                                    "%s, nothing confirmed of %,d re-checked, %,d differences found not re-checked",
                                    tables, run.rechecked(), run.found() - run.rechecked())
                            : run.partial()
                                    ? "no confirmed differences in " + Shown.names(run.comparedTables(), NAMES)
                                    : tables + ", no confirmed differences";
                    case DIFFERENCES -> run.found() > run.rechecked()
                            ? String.format(
                                    "%,d found in %d of %s, %,d re-checked: %,d confirmed",
                                    run.found(), differing, tables, run.rechecked(), run.confirmed())
                            : String.format("%,d confirmed in %d of %s", run.confirmed(), confirmedIn, tables);
                    case FAILED -> run.tables().stream()
                                    .filter(t -> t.error() != null)
                                    .count() + " of " + tables + " could not be compared";
                    case RUNNING, ABANDONED -> "";
                };
        if (run.verdict() == RunVerdict.RUNNING) {
            return (run.partial() ? "Partial reconciliation" : "Reconciliation") + " still running";
        }
        if (run.verdict() == RunVerdict.ABANDONED) {
            return "Reconciliation ABANDONED: its process stopped before the run finished; nothing of it was"
                    + " stored, run again";
        }
        if (!run.partial()) {
            return "Reconciliation " + run.verdict() + ": " + body;
        }
        return "Partial reconciliation of " + run.tables().size() + " of "
                + run.configuredTables().size()
                + " tables " + run.verdict() + ": " + body + "; not compared: "
                + Shown.names(run.notCompared(), NAMES);
    }
}
