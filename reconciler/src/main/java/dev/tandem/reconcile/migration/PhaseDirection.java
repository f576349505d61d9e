package dev.tandem.reconcile.migration;

import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.ControlTopicException;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.Store;
import dev.tandem.reconcile.run.RunSides;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses each run's sides by the migration's phase, read from the control topic at the start of the
 * run: while the origin (the configured primary) is the primary, as configured; once the target is
 * ({@code REVERSED}, {@code DONE}, or a rollback's {@code CUTOVER}), swapped. A run whose phase cannot
 * be read does not start: compared the wrong way round, its repairs would overwrite the primary.
 */
public final class PhaseDirection implements RunSides.Chooser {

    private static final Logger log = LoggerFactory.getLogger(PhaseDirection.class);

    private final ControlTopic control;
    private final String migration;
    private final RunSides forward;
    private final RunSides reversed;

    /**
     * @param forward the configured primary (the origin) compared with the configured secondary
     * @param reversed the configured secondary (the target) as the primary, with the reverse retry topic;
     *     null when a schema mapping is configured, which is one-way (origin to target): a run while the
     *     target is primary then does not start
     */
    public PhaseDirection(ControlTopic control, String migration, RunSides forward, RunSides reversed) {
        this.control = control;
        this.migration = migration;
        this.forward = forward;
        this.reversed = reversed;
    }

    @Override
    public RunSides choose() {
        Optional<PhaseState> state;
        try {
            state = control.readPhase(migration);
        } catch (ControlTopicException e) {
            throw new IllegalStateException(
                    "Migration '" + migration + "': the phase could not be read from " + control.topic()
                            + ", so which store is the primary is unknown; the run does not start",
                    e);
        }
        String phase = state.map(PhaseState::describe).orElse("never published, origin primary");
        if (state.map(s -> s.primary() == Store.TARGET).orElse(false)) {
            if (reversed == null) {
                throw new IllegalStateException("Migration '" + migration + "' is " + phase
                        + ": the target is primary, but the schema mapping (tandem.mapping) maps the origin's"
                        + " tables and columns to the target's only, so the stores cannot be compared the other"
                        + " way round; the run does not start");
            }
            log.info("Migration '{}' is {}: comparing with the roles swapped", migration, phase);
            return reversed.stating("target -> origin (migration '" + migration + "' " + phase + ")");
        }
        return forward.stating("origin -> target (migration '" + migration + "' " + phase + ")");
    }
}
