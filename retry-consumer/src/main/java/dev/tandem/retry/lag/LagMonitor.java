package dev.tandem.retry.lag;

import dev.tandem.core.DaemonThreads;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Samples the retry topic's lag every interval, judges it over the window, and keeps the latest
 * report for the Actuator endpoint, the health indicator and the gauges. Status changes are logged
 * once each.
 */
public final class LagMonitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LagMonitor.class);

    private final Supplier<KafkaLagSource> sources;
    private final SecondaryProbe probe;
    private final ConsumerActivity activity;
    private final LagJudge judge;
    private final String topic;
    private final String group;
    private final Duration interval;
    private final Clock clock;
    private final LagMetrics metrics;
    private final LongSupplier deadLetterRecords;
    private volatile String deadLetterFailure;
    private volatile LagReport latest;
    private KafkaLagSource source;
    private volatile ScheduledExecutorService scheduler;

    /**
     * @param admins a new Kafka admin client per call
     * @param readers a new group-less consumer per call
     * @param group the consumer group whose lag is watched
     * @param deadLetterTopic the topic the group dead-letters to
     * @param deadLetterRecords the records kept in it, read with every sample (it may throw)
     */
    public LagMonitor(
            Supplier<Admin> admins,
            Supplier<Consumer<byte[], byte[]>> readers,
            DataSource secondary,
            ConsumerActivity activity,
            String topic,
            String group,
            String deadLetterTopic,
            LongSupplier deadLetterRecords,
            Duration interval,
            Duration window,
            Clock clock,
            MeterRegistry registry) {
        this.sources = () -> new KafkaLagSource(admins.get(), readers.get(), topic, group);
        this.probe = new SecondaryProbe(secondary);
        this.activity = activity;
        this.judge = new LagJudge(window);
        this.topic = topic;
        this.group = group;
        this.interval = interval;
        this.clock = clock;
        this.latest = LagReport.unavailable(clock.instant(), topic, group, LagStatus.OK, "not sampled yet");
        this.metrics = new LagMetrics(registry, () -> latest, topic, group, deadLetterTopic);
        this.deadLetterRecords = deadLetterRecords;
    }

    /** The latest report. */
    public LagReport report() {
        return latest;
    }

    /** Takes a sample now (the scheduler does so every interval). */
    public synchronized LagReport sample() {
        Instant now = clock.instant();
        LagReport report;
        try {
            if (source == null) {
                source = sources.get();
            }
            report = judge.judge(topic, group, now, source.read(now), probe.unreachable(), activity::failure);
        } catch (Exception e) {
            closeSource();
            report = LagReport.unavailable(now, topic, group, LagStatus.ERROR, "Kafka did not answer: " + e);
        }
        LagReport previous = latest;
        latest = report;
        metrics.publish(report);
        sampleDeadLetters();
        if (previous.status() != report.status()) {
            log.info(
                    "Retry topic '{}' is {} (was {}): {} records, oldest {}s; {}",
                    topic,
                    report.status(),
                    previous.status(),
                    report.lagRecords(),
                    Math.round(report.lagSeconds()),
                    describe(report));
        }
        return report;
    }

    /** The DLT's size; when Kafka does not answer the last size stands (its records did not go anywhere). */
    private void sampleDeadLetters() {
        try {
            metrics.deadLetters(deadLetterRecords.getAsLong());
            if (deadLetterFailure != null) {
                log.info("Dead-letter topic size read again after: {}", deadLetterFailure);
                deadLetterFailure = null;
            }
        } catch (RuntimeException e) {
            if (deadLetterFailure == null) {
                log.warn(
                        "Could not read the dead-letter topic's size; the metric keeps the last one: {}", e.toString());
            }
            deadLetterFailure = e.toString();
        }
    }

    private static String describe(LagReport report) {
        if (report.error() != null) {
            return report.error();
        }
        return report.partitions().stream()
                .filter(p -> p.status() == report.status())
                .findFirst()
                .map(p -> "partition " + p.partition() + ": " + p.detail())
                .orElse("");
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tandem-retry-lag"));
        scheduler.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            log.warn("Lag sample failed", e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = scheduler;
        if (running != null) {
            running.shutdownNow();
            scheduler = null;
        }
        synchronized (this) {
            closeSource();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    private void closeSource() {
        if (source != null) {
            source.close();
            source = null;
        }
    }
}
