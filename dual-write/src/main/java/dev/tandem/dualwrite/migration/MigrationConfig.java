package dev.tandem.dualwrite.migration;

import dev.tandem.core.control.Phase;
import dev.tandem.core.control.Store;
import dev.tandem.core.mapping.SchemaMapping;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a library instance follows a migration, validated when built: {@code
 * MigrationConfig.custom("orders").build()}.
 *
 * @param migration the migration's name, its key on the control topic
 * @param instance this instance's id on the control topic
 * @param initialPhase the phase until the control topic or the state file says otherwise
 * @param stateDirectory where the last known phase is kept across restarts
 * @param maxWriteHold how long a cutover may hold writes at most; past it writes go on as before
 * @param heartbeatInterval how often the instance reports to the control topic
 * @param trackedKeys rows written since the last reconcile that are remembered for the cutover's check
 * @param shadowThreads threads comparing shadow reads
 * @param shadowQueue comparisons waiting for them; more are dropped and counted, never waited for
 * @param shadowRecheckDelay how long after a shadow mismatch both rows are read again before it counts
 * @param ignoredColumns columns (lower case) left out of shadow and cutover comparisons
 * @param writesOnly the one store this instance can write (a JPA application, whose {@code
 *     EntityManager} is bound to one database at start-up), or null if it follows the roles: its
 *     writes are refused while the other store is the primary, and a cutover or rollback that would
 *     make the other store the primary is refused while it is live
 * @param mapping how the target's schema differs from the origin's (origin to target): shadow reads
 *     and the cutover's verification read and compare the target's rows through it
 */
public record MigrationConfig(
        String migration,
        String instance,
        Phase initialPhase,
        Path stateDirectory,
        Duration maxWriteHold,
        Duration heartbeatInterval,
        int trackedKeys,
        int shadowThreads,
        int shadowQueue,
        Duration shadowRecheckDelay,
        Set<String> ignoredColumns,
        Store writesOnly,
        SchemaMapping mapping) {

    public MigrationConfig {
        if (migration == null || migration.isBlank()) {
            throw new IllegalArgumentException("migration must name the migration");
        }
        if (instance == null || instance.isBlank()) {
            throw new IllegalArgumentException("instance must not be blank");
        }
        Objects.requireNonNull(initialPhase, "initialPhase");
        if (initialPhase == Phase.CUTOVER || initialPhase.hasPercent()) {
            throw new IllegalArgumentException("initialPhase must be one without a percent, not " + initialPhase);
        }
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        requirePositive("maxWriteHold", maxWriteHold);
        requirePositive("heartbeatInterval", heartbeatInterval);
        requirePositive("shadowRecheckDelay", shadowRecheckDelay);
        if (trackedKeys <= 0 || shadowThreads <= 0 || shadowQueue <= 0) {
            throw new IllegalArgumentException("trackedKeys, shadowThreads and shadowQueue must be positive but were "
                    + trackedKeys + ", " + shadowThreads + ", " + shadowQueue);
        }
        Objects.requireNonNull(mapping, "mapping");
        ignoredColumns =
                ignoredColumns.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public static Builder custom(String migration) {
        return new Builder(migration);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration but was " + value);
        }
    }

    /** Defaults: DUAL_WRITE, hold at most 10 s, a heartbeat every 2 s, 100,000 tracked keys, 2 shadow threads. */
    public static final class Builder {
        private final String migration;
        private String instance = ManagementFactory.getRuntimeMXBean().getName();
        private Phase initialPhase = Phase.DUAL_WRITE;
        private Path stateDirectory = Path.of("tandem-state");
        private Duration maxWriteHold = Duration.ofSeconds(10);
        private Duration heartbeatInterval = Duration.ofSeconds(2);
        private int trackedKeys = 100_000;
        private int shadowThreads = 2;
        private int shadowQueue = 1_000;
        private Duration shadowRecheckDelay = Duration.ofMillis(200);
        private Set<String> ignoredColumns = Set.of();
        private Store writesOnly;
        private SchemaMapping mapping = SchemaMapping.NONE;

        private Builder(String migration) {
            this.migration = migration;
        }

        public Builder instance(String instance) {
            this.instance = instance;
            return this;
        }

        public Builder initialPhase(Phase phase) {
            this.initialPhase = phase;
            return this;
        }

        public Builder stateDirectory(Path directory) {
            this.stateDirectory = directory;
            return this;
        }

        public Builder maxWriteHold(Duration hold) {
            this.maxWriteHold = hold;
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        public Builder trackedKeys(int keys) {
            this.trackedKeys = keys;
            return this;
        }

        public Builder shadowThreads(int threads) {
            this.shadowThreads = threads;
            return this;
        }

        public Builder shadowQueue(int capacity) {
            this.shadowQueue = capacity;
            return this;
        }

        public Builder shadowRecheckDelay(Duration delay) {
            this.shadowRecheckDelay = delay;
            return this;
        }

        public Builder ignoredColumns(Set<String> columns) {
            this.ignoredColumns = Set.copyOf(columns);
            return this;
        }

        /** The one store this instance can write (see {@link MigrationConfig#writesOnly()}); null follows the roles. */
        public Builder writesOnly(Store store) {
            this.writesOnly = store;
            return this;
        }

        /** How the target's schema differs from the origin's; {@link SchemaMapping#NONE} (the default) when it does not. */
        public Builder mapping(SchemaMapping mapping) {
            this.mapping = mapping;
            return this;
        }

        public MigrationConfig build() {
            return new MigrationConfig(
                    migration,
                    instance,
                    initialPhase,
                    stateDirectory,
                    maxWriteHold,
                    heartbeatInterval,
                    trackedKeys,
                    shadowThreads,
                    shadowQueue,
                    shadowRecheckDelay,
                    ignoredColumns,
                    writesOnly,
                    mapping);
        }
    }
}
