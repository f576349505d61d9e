package dev.tandem.backfill;

import java.util.List;

/**
 * What a backfill run did.
 *
 * @param runId the run's id, recorded with every chunk it finished
 * @param stopped whether it was stopped before the end (a re-run resumes)
 * @param tables per table, in the order they were copied; tables never reached are absent
 * @param workers what each worker of a distributed run did; empty for an in-process run
 */
public record BackfillResult(String runId, boolean stopped, List<TableOutcome> tables, List<WorkerShare> workers) {

    public BackfillResult {
        tables = List.copyOf(tables);
        workers = List.copyOf(workers);
    }

    /** The result of an in-process run. */
    public BackfillResult(String runId, boolean stopped, List<TableOutcome> tables) {
        this(runId, stopped, tables, List.of());
    }

    /** Every table complete and the run not stopped. */
    public boolean complete() {
        return !stopped && tables.stream().allMatch(TableOutcome::complete);
    }

    /** The summary the command line prints. */
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append("Backfill run ")
                .append(runId)
                .append(stopped ? ": STOPPED (run again to resume)" : "")
                .append('\n');
        text.append(String.format(
                "%-24s %8s %13s %13s %11s %s%n", "TABLE", "CHUNKS", "ROWS PLANNED", "COPIED NOW", "ROWS/S", "STATE"));
        for (TableOutcome table : tables) {
            String state = table.error() != null
                    ? "ERROR " + table.error()
                    : !table.failedChunks().isEmpty()
                            ? "VERIFICATION FAILED " + table.failedChunks()
                            : table.chunksDone() == table.chunks() ? "DONE" : "INCOMPLETE";
            text.append(String.format(
                    "%-24s %3d/%-4d %,13d %,13d %,11.0f %s%n",
                    table.table(),
                    table.chunksDone(),
                    table.chunks(),
                    table.plannedRows(),
                    table.rowsThisRun(),
                    table.rowsPerSecond(),
                    state));
            if (table.chunksResumed() > 0) {
                text.append("    resumed: ")
                        .append(table.chunksResumed())
                        .append(" chunk(s) finished by an earlier run were not copied again\n");
            }
            if (!table.deferredIndexes().isEmpty()) {
                text.append("    indexes deferred and recreated: ")
                        .append(table.deferredIndexes())
                        .append('\n');
            }
            if (!table.keptIndexes().isEmpty()) {
                text.append("    indexes kept (could not be dropped): ")
                        .append(table.keptIndexes())
                        .append('\n');
            }
        }
        for (WorkerShare worker : workers) {
            text.append("    ").append(worker.describe()).append('\n');
        }
        return text.toString();
    }
}
