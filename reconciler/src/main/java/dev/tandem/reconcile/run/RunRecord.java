package dev.tandem.reconcile.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One reconciliation run, as stored, listed and reported.
 *
 * @param id the run's number, increasing
 * @param trigger what started it: {@code schedule}, {@code cli}, {@code api}
 * @param startedAt when it started
 * @param finishedAt when it finished, or null while running
 * @param verdict the outcome
 * @param pendingChecked whether differences were also checked against the retry topic's pending writes
 * @param repair what the repair did
 * @param tables per table, in the configured order
 * @param direction which store was compared as the primary, when the reconciler follows a
 *     migration's phase (e.g. {@code target -> origin (migration 'orders' REVERSED primary=TARGET
 *     epoch=7)}); null when it compares its configured primary and secondary
 */
public record RunRecord(
        long id,
        String trigger,
        Instant startedAt,
        Instant finishedAt,
        RunVerdict verdict,
        boolean pendingChecked,
        RepairSummary repair,
        List<TableRecord> tables,
        String direction) {

    public RunRecord {
        tables = List.copyOf(tables);
    }

    @JsonProperty
    public long rowsCompared() {
        return tables.stream().mapToLong(TableRecord::rowsCompared).sum();
    }

    @JsonProperty
    public long found() {
        return tables.stream().mapToLong(TableRecord::found).sum();
    }

    @JsonProperty
    public long inFlight() {
        return tables.stream().mapToLong(TableRecord::inFlight).sum();
    }

    @JsonProperty
    public long confirmed() {
        return tables.stream().mapToLong(TableRecord::confirmed).sum();
    }

    /** How long it took, or null while running. */
    @JsonProperty
    public Duration took() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }

    /** The verdict its tables add up to. */
    static RunVerdict verdictOf(List<TableRecord> tables) {
        if (tables.stream().anyMatch(t -> t.error() != null)) {
            return RunVerdict.FAILED;
        }
        return tables.stream().anyMatch(t -> t.confirmed() > 0) ? RunVerdict.DIFFERENCES : RunVerdict.CLEAN;
    }
}
