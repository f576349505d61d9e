package dev.tandem.reconcile.migration;

import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.ReconcileVerdict;
import dev.tandem.reconcile.run.RunRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes every finished run's verdict to the control topic, for the cutover's gate. */
public final class VerdictPublisher {

    private static final Logger log = LoggerFactory.getLogger(VerdictPublisher.class);

    private final ControlTopic control;
    private final String migration;

    public VerdictPublisher(ControlTopic control, String migration) {
        this.control = control;
        this.migration = migration;
    }

    /** Publishes {@code run}'s verdict; a failure is logged, the run stays stored. */
    public void finished(RunRecord run) {
        if (run.finishedAt() == null) {
            return;
        }
        ReconcileVerdict verdict = new ReconcileVerdict(
                migration,
                run.id(),
                run.startedAt(),
                run.finishedAt(),
                run.verdict().name(),
                run.confirmed());
        try {
            control.publishVerdict(verdict);
            log.info("Run {}: verdict {} published for migration '{}'", run.id(), run.verdict(), migration);
        } catch (RuntimeException e) {
            log.error("Run {}: the verdict could not be published for migration '{}'", run.id(), migration, e);
        }
    }
}
