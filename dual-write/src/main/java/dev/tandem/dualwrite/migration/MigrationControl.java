package dev.tandem.dualwrite.migration;

import dev.tandem.core.control.AuditEntry;
import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.ControlTopicException;
import dev.tandem.core.control.GateValues;
import dev.tandem.core.control.InstanceReport;
import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.ReconcileVerdict;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's side of a migration, needing only Kafka: shows the state, the instances and the
 * gates; changes the phase (checked by {@link PhaseTransitions}); runs the gated cutover and
 * rollback; audits every change and refusal. What the command line and the Actuator endpoint call.
 *
 * <p>A cutover checks the gates, publishes {@link Phase#CUTOVER} (every instance holds writes,
 * finishes those in flight, drains, verifies the rows written since the last reconcile and
 * acknowledges), waits for every live instance's acknowledgement and for the retry lag to be 0, then
 * publishes the swapped roles. A failing gate refuses before anything changes; a failure after the
 * hold publishes the previous phase back, so nothing changes either.
 */
public final class MigrationControl implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MigrationControl.class);

    private final ControlTopic control;
    private final PhaseFollower follower;
    private final GateSettings settings;
    private final Gates gates;
    private final Clock clock;

    private MigrationControl(ControlTopic control, String migration, GateSettings settings) {
        this.control = control;
        this.settings = settings;
        this.follower = new PhaseFollower(control, migration, PhaseState.initial(migration, Phase.DUAL_WRITE, 0), null);
        this.gates = new Gates(control, follower, settings);
        this.clock = Clock.systemUTC();
    }

    /**
     * Creates the control and audit topics where missing, then reads the control topic up to its end:
     * for changing the phase. A migration never published is in DUAL_WRITE with the origin primary, as
     * instances start by default.
     *
     * @throws ControlTopicException with the cause Kafka gave if it does not answer within the control
     *     topic's timeout
     */
    public static MigrationControl connect(ControlTopic control, String migration, GateSettings settings) {
        control.ensureTopics();
        return caughtUp(control, migration, settings);
    }

    /**
     * Reads the control topic up to its end without creating anything: for looking only ({@code
     * status}, {@code audit}).
     *
     * @throws ControlTopicException if the control topic does not exist (nothing was ever published
     *     there: the wrong topic or cluster, or no instance ever started), or with the cause Kafka gave
     *     if it does not answer within the control topic's timeout
     */
    public static MigrationControl observe(ControlTopic control, String migration, GateSettings settings) {
        if (!control.exists()) {
            throw new ControlTopicException(
                    "The control topic " + control.topic() + " does not exist: nothing was ever published for"
                            + " migration '" + migration + "' on this cluster (check the control topic and the"
                            + " bootstrap servers); it was not created",
                    null);
        }
        return caughtUp(control, migration, settings);
    }

    private static MigrationControl caughtUp(ControlTopic control, String migration, GateSettings settings) {
        MigrationControl connected = new MigrationControl(control, migration, settings);
        connected.follower.start();
        try {
            if (!connected.follower.awaitCaughtUp(control.timeout())) {
                connected.close();
                throw new ControlTopicException(
                        "Could not read " + control.topic() + " to its end within "
                                + control.timeout().toMillis() + " ms",
                        connected.follower.lastFailure().orElse(null));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connected.close();
            throw new ControlTopicException("Interrupted reading " + control.topic(), e);
        }
        return connected;
    }

    /** The migration's current state (epoch 0 and DUAL_WRITE if nothing was ever published). */
    public PhaseState state() {
        return follower.state();
    }

    /** The live instances' latest reports. */
    public List<InstanceReport> instances() {
        return gates.live();
    }

    public Optional<ReconcileVerdict> verdict() {
        return follower.verdict();
    }

    /** The gates, measured now. */
    public GateValues gates() {
        return gates.measure();
    }

    /** The last {@code limit} audit entries, oldest first. */
    public List<AuditEntry> audit(int limit) {
        return control.auditTail(follower.migration(), limit);
    }

    /**
     * Changes the phase (not the roles: see {@link #cutover} and {@link #rollback}).
     *
     * @throws PhaseChangeRefusedException naming the move and why it is not safe
     */
    public PhaseState change(Phase to, int percent, String by, String reason) {
        PhaseState from = follower.state();
        try {
            PhaseTransitions.checkChange(from, to, percent);
        } catch (PhaseChangeRefusedException e) {
            audit("set", "refused", from, null, e.getMessage(), null, null, by);
            throw e;
        }
        PhaseState next = from.next(to, percent, from.primary(), by, clock.instant(), reason);
        publish(from, next);
        audit("set", "changed", from, next, reason, null, null, by);
        return next;
    }

    /** Swaps the roles: the target becomes the primary (REVERSED). */
    public CutoverResult cutover(String by, String reason) {
        return swap(false, by, reason);
    }

    /** Swaps the roles back: the origin becomes the primary again (DUAL_WRITE). */
    public CutoverResult rollback(String by, String reason) {
        return swap(true, by, reason);
    }

    /** Ends a cutover left in progress (its coordinator died): publishes the phase it started from. */
    public PhaseState abort(String by, String reason) {
        PhaseState from = follower.state();
        if (from.phase() != Phase.CUTOVER) {
            throw new PhaseChangeRefusedException(from.migration(), "no cutover in progress: " + from.describe());
        }
        PhaseTransitions.PhaseStep back = PhaseTransitions.abortTarget(from);
        PhaseState next = from.next(back.phase(), back.percent(), back.primary(), by, clock.instant(), reason);
        publish(from, next);
        audit("abort", "aborted", from, next, reason, null, null, by);
        return next;
    }

    private CutoverResult swap(boolean rollback, String by, String reason) {
        String action = rollback ? "rollback" : "cutover";
        PhaseState from = follower.state();
        try {
            PhaseTransitions.checkSwap(from, rollback);
        } catch (PhaseChangeRefusedException e) {
            audit(action, "refused", from, null, e.getMessage(), null, null, by);
            throw e;
        }
        GateValues measured = gates.measure();
        if (!measured.passed()) {
            String why = action + " refused, nothing changed: " + String.join("; ", measured.failures());
            audit(action, "refused", from, null, why, measured, null, by);
            throw new PhaseChangeRefusedException(from.migration(), why);
        }
        PhaseState held = from.next(Phase.CUTOVER, 0, from.primary(), by, clock.instant(), reason);
        long start = System.nanoTime();
        publish(from, held);
        audit(action, "held", from, held, reason, measured, null, by);
        // Finish well within the instances' own bound, which releases writes on the old roles.
        long deadline = start + settings.maxWriteHold().toNanos() * 4 / 5;
        try {
            awaitAcknowledgements(held, measured.liveInstances(), deadline);
            awaitNoRetryLag(deadline);
        } catch (Abort abort) {
            PhaseTransitions.PhaseStep back = PhaseTransitions.abortTarget(held);
            PhaseState restored =
                    held.next(back.phase(), back.percent(), back.primary(), by, clock.instant(), abort.getMessage());
            publish(held, restored);
            long pause = (System.nanoTime() - start) / 1_000_000;
            String why = action + " aborted, roles unchanged (" + restored.describe() + "): " + abort.getMessage();
            audit(action, "aborted", held, restored, why, measured, pause, by);
            throw new PhaseChangeRefusedException(from.migration(), why);
        }
        PhaseTransitions.PhaseStep step = PhaseTransitions.swapTarget(held);
        PhaseState swapped = held.next(step.phase(), step.percent(), step.primary(), by, clock.instant(), reason);
        publish(held, swapped);
        long pause = (System.nanoTime() - start) / 1_000_000;
        audit(action, "changed", held, swapped, reason, measured, pause, by);
        return new CutoverResult(from, swapped, measured, pause);
    }

    private void awaitAcknowledgements(PhaseState held, List<String> live, long deadline) {
        Set<String> waiting = new HashSet<>(live);
        while (!waiting.isEmpty()) {
            for (InstanceReport report : follower.instances()) {
                InstanceReport.HoldAck ack = report.hold();
                if (!waiting.contains(report.instance()) || ack == null || ack.epoch() != held.epoch()) {
                    continue;
                }
                if (!ack.ready()) {
                    throw new Abort("instance " + report.instance() + " is not ready: " + ack.problem()
                            + (ack.differingKeys().isEmpty() ? "" : " " + ack.differingKeys()));
                }
                waiting.remove(report.instance());
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new Abort("no acknowledgement from " + waiting + " within "
                        + settings.maxWriteHold().multipliedBy(4).dividedBy(5));
            }
            sleep();
        }
    }

    private void awaitNoRetryLag(long deadline) {
        long lag;
        while ((lag = gates.retryLag()) != 0) {
            if (System.nanoTime() > deadline) {
                throw new Abort("retry lag still " + lag + " after draining (a retry consumer is down or slow?)");
            }
            sleep();
        }
    }

    private void publish(PhaseState from, PhaseState next) {
        if (follower.state().epoch() != from.epoch()) {
            throw new PhaseChangeRefusedException(
                    from.migration(),
                    "the phase changed meanwhile to " + follower.state().describe());
        }
        control.publish(ControlTopic.phaseKey(next.migration()), next);
        long deadline = System.nanoTime() + control.timeout().toNanos();
        while (follower.state().epoch() < next.epoch() && System.nanoTime() < deadline) {
            sleep();
        }
        PhaseState now = follower.state();
        if (!now.changeId().equals(next.changeId())) {
            throw new PhaseChangeRefusedException(
                    from.migration(), "another change won the race: " + now.describe() + " by " + now.changedBy());
        }
    }

    private void audit(
            String action,
            String outcome,
            PhaseState from,
            PhaseState to,
            String reason,
            GateValues measured,
            Long pause,
            String by) {
        AuditEntry entry = new AuditEntry(
                from.migration(), clock.instant(), by, action, outcome, from, to, reason, measured, pause);
        log.info("Migration audit: {}", entry.describe());
        try {
            control.audit(entry);
        } catch (ControlTopicException e) {
            log.error(
                    "Migration '{}': the audit entry could not be published: {}",
                    from.migration(),
                    entry.describe(),
                    e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Abort("interrupted");
        }
    }

    @Override
    public void close() {
        gates.close();
        follower.close();
    }

    /** Why a cutover holding writes gives up. */
    private static final class Abort extends RuntimeException {
        Abort(String message) {
            super(message, null, false, false);
        }
    }
}
