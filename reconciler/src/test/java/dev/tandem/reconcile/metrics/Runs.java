package dev.tandem.reconcile.metrics;

import dev.tandem.reconcile.run.RepairSummary;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.TableRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Runs and tables as the reconciler records them, and what the meters then read, for the metrics tests. */
final class Runs {

    private Runs() {}

    static TableRecord compared(String table, long missing, long mismatched, long inFlight) {
        return new TableRecord(
                table,
                null,
                100,
                5,
                missing + mismatched + inFlight,
                inFlight,
                missing,
                0,
                mismatched,
                false,
                null,
                Map.of(),
                List.of());
    }

    static TableRecord failed(String table) {
        return new TableRecord(table, null, 0, 5, 0, 0, 0, 0, 0, false, "Table 'x' doesn't exist", Map.of(), List.of());
    }

    static RunRecord run(long id, Instant finishedAt, RunVerdict verdict, TableRecord... tables) {
        return new RunRecord(
                id,
                "cli",
                finishedAt.minusSeconds(30),
                finishedAt,
                verdict,
                false,
                RepairSummary.NONE,
                List.of(tables),
                null);
    }

    /** The value of gauge {@code name} with {@code tags} (key, value, …), or null when there is none. */
    static Double gauge(MeterRegistry registry, String name, String... tags) {
        var gauge = Search.in(registry).name(name).tags(tags).gauge();
        return gauge == null ? null : gauge.value();
    }
}
