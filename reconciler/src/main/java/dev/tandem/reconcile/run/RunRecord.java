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
 * @param configuredTables every table the reconciler is configured for, in order: a run of fewer is
 *     partial; empty for a run stored before they were kept
 * @param stores the two stores compared; null for a run stored before they were kept
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
        String direction,
        List<String> configuredTables,
        StoreNames stores) {

    public RunRecord {
        tables = List.copyOf(tables);
        configuredTables = List.copyOf(configuredTables);
    }

    /** A run whose configured tables and stores are not known. */
    public RunRecord(
            long id,
            String trigger,
            Instant startedAt,
            Instant finishedAt,
            RunVerdict verdict,
            boolean pendingChecked,
            RepairSummary repair,
            List<TableRecord> tables,
            String direction) {
        this(id, trigger, startedAt, finishedAt, verdict, pendingChecked, repair, tables, direction, List.of(), null);
    }

    /** The names of the tables compared, in order. */
    public List<String> comparedTables() {
        return tables.stream().map(TableRecord::table).toList();
    }

    /** The configured tables this run did not compare (none for a run of every table, or when not known). */
    @JsonProperty
    public List<String> notCompared() {
        List<String> compared = comparedTables();
        return configuredTables.stream()
                .filter(t -> compared.stream().noneMatch(t::equalsIgnoreCase))
                .toList();
    }

    /** Whether this run compared only some of the configured tables. */
    @JsonProperty
    public boolean partial() {
        return !notCompared().isEmpty();
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

    /** Differences re-checked after the settle window. */
    @JsonProperty
    public long rechecked() {
        return tables.stream().mapToLong(TableRecord::rechecked).sum();
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
