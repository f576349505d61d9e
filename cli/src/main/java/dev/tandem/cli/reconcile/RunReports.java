package dev.tandem.cli.reconcile;

import dev.tandem.cli.ExitCode;
import dev.tandem.reconcile.report.RunReport;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.store.RunStore;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Prints a run's report (with the latest runs for context) and turns its verdict into the exit status. */
final class RunReports {

    static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private RunReports() {}

    static ExitCode print(RunStore store, RunRecord run, PrintWriter out) throws SQLException {
        out.print(new RunReport(run, store.latest(15)).text());
        return exitOf(run);
    }

    static ExitCode exitOf(RunRecord run) {
        return switch (run.verdict()) {
            case CLEAN, RUNNING -> ExitCode.OK;
            case DIFFERENCES -> ExitCode.DIFFERENCES;
            case FAILED, ABANDONED -> ExitCode.FAILED;
        };
    }
}
