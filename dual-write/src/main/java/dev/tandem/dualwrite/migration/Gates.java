package dev.tandem.dualwrite.migration;

import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.GateValues;
import dev.tandem.core.control.InstanceReport;
import dev.tandem.core.control.ReconcileVerdict;
import dev.tandem.core.control.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/** Measures the gates from Kafka: retry lag, dead letters, the instances' reports, the last verdict. */
final class Gates implements AutoCloseable {

    private final PhaseFollower follower;
    private final GateSettings settings;
    private final Admin admin;
    private final RetryBacklog backlog;

    Gates(ControlTopic control, PhaseFollower follower, GateSettings settings) {
        this.follower = follower;
        this.settings = settings;
        this.admin = control.admin();
        this.backlog = new RetryBacklog(admin);
    }

    GateValues measure() {
        List<String> failures = new ArrayList<>();
        long lag = 0;
        long deadLetters = 0;
        try {
            List<String> lagging = new ArrayList<>();
            for (GateSettings.RetryTopic topic : settings.retryTopics()) {
                long topicLag = backlog.lag(topic.topic(), topic.group());
                lag += topicLag;
                if (topicLag > 0) {
                    lagging.add(topic.topic() + " (group " + topic.group() + "): " + topicLag);
                }
            }
            if (lag > 0) {
                failures.add("retry lag is " + lag + ", must be 0: " + String.join(", ", lagging));
            }
            for (String topic : settings.deadLetterTopics()) {
                deadLetters += backlog.size(topic);
            }
            if (deadLetters > 0) {
                failures.add("dead-letter topics " + settings.deadLetterTopics() + " hold " + deadLetters
                        + " records, must be empty (replay or purge them)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted while measuring the retry lag");
        } catch (Exception e) {
            failures.add("could not measure the retry lag and dead letters: " + e);
        }
        List<InstanceReport> live = live();
        long compared = live.stream().mapToLong(InstanceReport::shadowCompared).sum();
        long mismatched =
                live.stream().mapToLong(InstanceReport::shadowMismatched).sum();
        double rate = compared == 0 ? 0 : (double) mismatched / compared;
        if (rate > settings.maxMismatchRate()) {
            failures.add(String.format(
                    "shadow mismatch rate %.4f %% (%d of %d reads) is above %.4f %%",
                    rate * 100, mismatched, compared, settings.maxMismatchRate() * 100));
        }
        Optional<ReconcileVerdict> verdict = follower.verdict();
        if (settings.requireReconcile()) {
            if (verdict.isEmpty()) {
                failures.add("no reconcile verdict was published for migration '" + follower.migration()
                        + "' (run the reconciler with tandem.reconciler.migration set)");
            } else if (!verdict.get().clean()) {
                failures.add("the last reconcile (run " + verdict.get().runId() + ") is "
                        + verdict.get().verdict() + " with " + verdict.get().confirmedDifferences()
                        + " confirmed differences, must be CLEAN");
            } else {
                for (InstanceReport instance : live) {
                    if (instance.trackingSince() != null
                            && instance.trackingSince().isAfter(verdict.get().startedAt())) {
                        failures.add("instance " + instance.instance() + " started after the last reconcile (run "
                                + verdict.get().runId()
                                + "), so its earlier writes are unchecked: run a fresh reconcile");
                    }
                }
            }
        }
        Store primary = follower.state().primary();
        for (InstanceReport instance : live) {
            if (instance.writesOnly() == primary) {
                failures.add("instance " + instance.instance() + " writes only the " + primary
                        + " (JPA, bound at start-up) and cannot follow the roles to the " + primary.other()
                        + ": redeploy it first with its DataSource on the " + primary.other()
                        + " and tandem.dualwrite.migration.store=" + primary.other()
                        + " (its writes are refused until the swap)");
            }
        }
        for (InstanceReport instance : live) {
            if (instance.trackingOverflow()) {
                failures.add("instance " + instance.instance()
                        + " wrote more rows since the last reconcile than it tracks: run a fresh reconcile");
            }
        }
        return new GateValues(
                lag,
                deadLetters,
                compared,
                mismatched,
                rate,
                verdict.orElse(null),
                live.stream().map(InstanceReport::instance).sorted().toList(),
                failures);
    }

    /** Instances that reported within the liveness window. */
    List<InstanceReport> live() {
        Instant since = Instant.now().minus(settings.instanceTimeout());
        return follower.instances().stream().filter(i -> i.at().isAfter(since)).toList();
    }

    /** The retry lag over every retry topic, or -1 if it cannot be read now. */
    long retryLag() {
        try {
            long lag = 0;
            for (GateSettings.RetryTopic topic : settings.retryTopics()) {
                lag += backlog.lag(topic.topic(), topic.group());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
