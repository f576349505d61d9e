package dev.tandem.dualwrite.migration;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.Mutation;
import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.ControlTopicException;
import dev.tandem.core.control.InstanceReport;
import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.ReconcileVerdict;
import dev.tandem.core.control.Store;
import dev.tandem.dualwrite.DrainResult;
import dev.tandem.dualwrite.LostWrites;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One library instance's side of a migration: follows the phase on the control topic, routes writes
 * to the current primary and dual-writes them into the other store, routes reads ({@link #reads()}),
 * reports to the control topic, and takes part in a cutover: holds writes, waits for those in
 * flight, drains the dual writer, verifies the rows written since the last reconcile in both stores
 * and acknowledges; then follows the swapped roles (or the abort).
 *
 * <pre>{@code
 * Migration migration = Migration.start(ControlTopic.of(brokers),
 *         new MigrationStores(mariaDb, postgres, intoPostgres, intoMariaDb),
 *         MigrationConfig.custom("orders").build());
 * migration.write((connection, primary) -> List.of(insertOrder(connection, order)));
 * }</pre>
 */
public final class Migration implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Migration.class);
    /** A clean reconcile covers rows written a little before its start too: the clocks may differ. */
    private static final Duration CLOCK_ALLOWANCE = Duration.ofSeconds(5);

    private final ControlTopic control;
    private final MigrationStores stores;
    private final MigrationConfig config;
    private final MigrationMetrics metrics;
    private final PhaseFollower follower;
    private final WriteGate gate;
    private final WrittenKeys keys;
    private final KeyVerification verification;
    private final MigrationReads reads;
    private final ScheduledExecutorService worker;
    private final List<HoldDrain> drains;
    private volatile InstanceReport.HoldAck hold;
    private volatile Instant coveredUntil = Instant.EPOCH;

    private Migration(
            ControlTopic control,
            MigrationStores stores,
            MigrationConfig config,
            MigrationMetrics metrics,
            List<HoldDrain> drains) {
        this.control = control;
        this.drains = List.copyOf(drains);
        this.stores = stores;
        this.config = config;
        this.metrics = metrics;
        this.follower = new PhaseFollower(
                control,
                config.migration(),
                PhaseState.initial(config.migration(), config.initialPhase(), 0),
                config.stateDirectory());
        this.gate = new WriteGate(follower.state(), config.maxWriteHold());
        this.keys = new WrittenKeys(config.trackedKeys(), Clock.systemUTC());
        MigrationRows rows =
                new MigrationRows(stores.origin(), stores.target(), config.mapping(), config.ignoredColumns());
        this.verification = new KeyVerification(rows);
        this.reads = new MigrationReads(gate::state, stores, rows, config, metrics);
        this.worker = Executors.newSingleThreadScheduledExecutor(
                DaemonThreads.named("tandem-migration-" + config.migration()));
    }

    /**
     * Starts following the migration: in its last known phase at once (the state file, else the
     * initial phase), then as the control topic says, whether Kafka is reachable now or later.
     */
    public static Migration start(ControlTopic control, MigrationStores stores, MigrationConfig config) {
        return start(control, stores, config, MigrationMetrics.NOOP);
    }

    public static Migration start(
            ControlTopic control, MigrationStores stores, MigrationConfig config, MigrationMetrics metrics) {
        return start(control, stores, config, metrics, List.of());
    }

    /**
     * Like {@link #start(ControlTopic, MigrationStores, MigrationConfig, MigrationMetrics)}; a cutover's
     * hold also empties each of {@code drains} (after the dual writer) before the instance acknowledges.
     */
    public static Migration start(
            ControlTopic control,
            MigrationStores stores,
            MigrationConfig config,
            MigrationMetrics metrics,
            List<HoldDrain> drains) {
        Migration migration = new Migration(control, stores, config, metrics, drains);
        migration.begin();
        return migration;
    }

    private void begin() {
        worker.execute(this::ensureTopics);
        follower.onChange(state -> worker.execute(() -> follow(state)));
        worker.execute(() -> follow(follower.state()));
        long interval = config.heartbeatInterval().toMillis();
        worker.scheduleWithFixedDelay(this::heartbeat, 0, interval, TimeUnit.MILLISECONDS);
        follower.start();
    }

    private void ensureTopics() {
        try {
            control.ensureTopics();
        } catch (ControlTopicException e) {
            log.warn(
                    "Migration '{}': {}; following the last known phase until Kafka answers",
                    config.migration(),
                    e.getMessage());
        }
    }

    /** Waits until the control topic was read up to its end (false on timeout: the last known phase holds). */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return follower.awaitCaughtUp(timeout);
    }

    /**
     * Lets one write through, waiting while a cutover holds writes (at most the configured hold).
     * Close the permit when the write is done.
     *
     * @throws MigrationWriteRefusedException if this instance writes only one store and the other is
     *     the primary
     */
    public WritePermit beginWrite() {
        PhaseState state = gate.enter();
        Store only = config.writesOnly();
        if (only != null && state.primary() != only) {
            gate.exit();
            throw new MigrationWriteRefusedException(state, only);
        }
        return new WritePermit(this, state);
    }

    /**
     * Runs {@code write} in one transaction on the current primary, commits, and dual-writes the
     * mutations it returns; returns them.
     */
    public List<Mutation> write(PrimaryWrite write) throws SQLException {
        try (WritePermit permit = beginWrite()) {
            List<Mutation> written;
            try (Connection connection = permit.primary().getConnection()) {
                connection.setAutoCommit(false);
                try {
                    written = write.write(connection, permit.primaryStore());
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            }
            written.forEach(permit::written);
            return written;
        }
    }

    /** Reads routed by the phase, with shadow comparisons. */
    public MigrationReads reads() {
        return reads;
    }

    /** The state writes and reads are routed by now. */
    public PhaseState state() {
        return gate.state();
    }

    /** Whether writes are held for a cutover right now. */
    public boolean writesHeld() {
        return gate.isHeld();
    }

    /** How long the last cutover held writes, in milliseconds; -1 if none did. */
    public long lastWriteHoldMillis() {
        return gate.lastHoldMillis();
    }

    /** What this instance reports to the control topic. */
    public InstanceReport report() {
        return new InstanceReport(
                config.migration(),
                config.instance(),
                Instant.now(),
                gate.state().epoch(),
                reads.compared(),
                reads.mismatched(),
                reads.dropped(),
                keys.since(),
                keys.size(),
                keys.overflowed(),
                hold,
                config.writesOnly());
    }

    MigrationStores stores() {
        return stores;
    }

    void written(PhaseState state, Mutation mutation) {
        keys.record(mutation);
        if (state.phase().dualWrites()) {
            stores.writerInto(state.secondary()).write(mutation);
        }
    }

    void written(PhaseState state, Mutation mutation, Runnable onDurable) {
        keys.record(mutation);
        if (state.phase().dualWrites()) {
            stores.writerInto(state.secondary()).write(mutation, onDurable);
        } else {
            onDurable.run();
        }
    }

    void exitGate() {
        gate.exit();
    }

    /** On the worker thread: a newer phase state. */
    private void follow(PhaseState state) {
        metrics.phase(state);
        if (state.phase() != Phase.CUTOVER) {
            boolean wasHeld = gate.isHeld();
            gate.open(state);
            hold = null;
            if (wasHeld) {
                metrics.writeHold(gate.lastHoldMillis());
            }
            return;
        }
        if (!gate.hold(state.epoch())) {
            return;
        }
        long deadline = System.nanoTime() + config.maxWriteHold().toNanos();
        hold = prepare(state, deadline);
        heartbeat();
        worker.schedule(() -> expire(state), config.maxWriteHold().toMillis() + 1, TimeUnit.MILLISECONDS);
    }

    /** Writes are held: finish those in flight, drain, verify. The answer to the coordinator. */
    private InstanceReport.HoldAck prepare(PhaseState held, long deadline) {
        long epoch = held.epoch();
        try {
            if (!gate.awaitIdle(left(deadline))) {
                return notReady(epoch, gate.inFlight() + " writes still in flight when the hold ran out");
            }
            if (held.phase().dualWrites()) {
                String problem = drainProblem(held.secondary(), left(deadline));
                if (problem != null) {
                    return notReady(epoch, problem);
                }
            }
            for (HoldDrain drain : drains) {
                if (!drain.drain().test(left(deadline))) {
                    return notReady(epoch, drain.name() + " did not drain in time");
                }
            }
            if (keys.overflowed()) {
                return notReady(
                        epoch,
                        "more than " + config.trackedKeys() + " rows were written since the last clean reconcile;"
                                + " run a fresh reconcile before the cutover");
            }
            KeyVerification.Result result =
                    verification.verify(keys.byTable(), left(deadline).dividedBy(2));
            if (!result.differing().isEmpty()) {
                return new InstanceReport.HoldAck(
                        epoch,
                        false,
                        result.checked(),
                        result.differing()
                                .subList(0, Math.min(10, result.differing().size())),
                        result.differing().size() + " of " + result.checked()
                                + " rows written since the last reconcile differ between the stores");
            }
            log.info(
                    "Migration '{}': writes held, drained, {} rows written since the last reconcile verified",
                    config.migration(),
                    result.checked());
            return new InstanceReport.HoldAck(epoch, true, result.checked(), List.of(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return notReady(epoch, "interrupted");
        } catch (SQLException | RuntimeException e) {
            log.warn("Migration '{}': preparing the cutover failed", config.migration(), e);
            return notReady(epoch, "verification failed: " + e);
        }
    }

    /**
     * Drains the dual writer into {@code secondary}: null if every write is durable, else why the
     * swap must wait. Writes lost after the start of the last clean reconcile are missing from the
     * secondary (an earlier clean reconcile found their rows equal again, e.g. repaired).
     */
    private String drainProblem(Store secondary, Duration timeout) {
        DrainResult drained = stores.writerInto(secondary).drain(timeout);
        LostWrites lost = drained.lost();
        if (lost.any() && lost.lastAt().isAfter(coveredUntil.minus(CLOCK_ALLOWANCE))) {
            return "the dual writer into the " + secondary + " lost "
                    + lost.describe().replace(" lost", "")
                    + (coveredUntil.equals(Instant.EPOCH)
                            ? ", and no clean reconcile started since"
                            : ", the last after the last clean reconcile started (" + coveredUntil + ")")
                    + ": the " + secondary + " misses them; run a reconcile that repairs their rows before the swap";
        }
        if (drained.status() == DrainResult.Status.TIMED_OUT || drained.pending() > 0) {
            return "the dual writer into the " + secondary + " did not drain in time (" + drained.pending()
                    + " writes pending)";
        }
        return null;
    }

    private void expire(PhaseState held) {
        if (gate.state().epoch() < held.epoch() && follower.state().epoch() == held.epoch() && gate.expireIfDue()) {
            hold = notReady(held.epoch(), "the hold ran past " + config.maxWriteHold() + "; writes released");
            metrics.writeHold(gate.lastHoldMillis());
            heartbeat();
        }
    }

    private static InstanceReport.HoldAck notReady(long epoch, String problem) {
        return new InstanceReport.HoldAck(epoch, false, 0, List.of(), problem);
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private void heartbeat() {
        follower.verdict()
                .filter(ReconcileVerdict::clean)
                .filter(v -> v.startedAt().isAfter(coveredUntil))
                .ifPresent(v -> {
                    coveredUntil = v.startedAt();
                    keys.coveredUntil(v.startedAt().minus(CLOCK_ALLOWANCE));
                });
        try {
            control.publish(ControlTopic.instanceKey(config.migration(), config.instance()), report());
        } catch (RuntimeException e) {
            log.debug("Migration '{}': heartbeat not published ({})", config.migration(), e.toString());
        }
    }

    /** Stops following and signs off from the control topic. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            control.publish(ControlTopic.instanceKey(config.migration(), config.instance()), null);
        } catch (RuntimeException e) {
            log.debug("Migration '{}': sign-off not published ({})", config.migration(), e.toString());
        }
        follower.close();
        reads.close();
    }
}
