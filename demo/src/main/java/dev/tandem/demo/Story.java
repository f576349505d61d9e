package dev.tandem.demo;

import dev.tandem.autoconfigure.DualWriteMetricNames;
import dev.tandem.core.DaemonThreads;
import dev.tandem.retry.lag.LagMonitor;
import dev.tandem.retry.lag.LagReport;
import dev.tandem.retry.lag.LagStatus;
import dev.tandem.testkit.EmbeddedPostgreSql;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timeline: healthy traffic, PostgreSQL stopped, PostgreSQL back, traffic ends, the backlog
 * drains. A line every second shows the writes, where they went and the retry topic's lag.
 */
final class Story {

    private static final Logger log = LoggerFactory.getLogger(Demo.class);
    static final String WARMING_UP = "warming up";
    static final String HEALTHY = "healthy";
    static final String DOWN = "secondary down";
    static final String BACK = "after";

    private final EmbeddedPostgreSql postgres;
    private final MeterRegistry payments;
    private final MeterRegistry consumer;
    private final LagMonitor lag;
    private final long started = System.nanoTime();
    private volatile Traffic traffic;
    private volatile long back;
    private volatile long drainedAt;
    private volatile long peakLagRecords;
    private volatile double peakLagSeconds;

    private final Demo.Timeline timeline;

    Story(
            Demo.Timeline timeline,
            EmbeddedPostgreSql postgres,
            MeterRegistry payments,
            MeterRegistry consumer,
            LagMonitor lag) {
        this.timeline = timeline;
        this.postgres = postgres;
        this.payments = payments;
        this.consumer = consumer;
        this.lag = lag;
    }

    /**
     * Plays the timeline; returns how long after PostgreSQL returned the backlog was first
     * drained, or null if it was not by the end.
     */
    Duration play(Traffic traffic) throws InterruptedException {
        this.traffic = traffic;
        log.info("");
        log.info(
                "Traffic: {} customers, at most {} writes/s in all. PostgreSQL is stopped after {} s for {} s; traffic ends {} s after it returns.",
                Demo.CUSTOMERS,
                (int) Demo.WRITES_PER_SECOND,
                timeline.healthy().toSeconds(),
                timeline.outage().toSeconds(),
                timeline.after().toSeconds());
        log.info(" time  secondary  breaker    writes   direct  handed off |  lag: records  oldest (s)  status");
        ScheduledExecutorService ticker =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("demo-ticker"));
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        try {
            traffic.phase(WARMING_UP);
            traffic.start();
            Thread.sleep(timeline.warmUp().toMillis());
            traffic.phase(HEALTHY);
            Thread.sleep(timeline.healthy().minus(timeline.warmUp()).toMillis());
            traffic.phase(DOWN);
            log.info("  >>> stopping PostgreSQL: dual writes fail over to the retry topic");
            postgres.stop();
            Thread.sleep(timeline.outage().toMillis());
            log.info("  >>> starting PostgreSQL again: the retry consumer drains the backlog");
            postgres.start();
            back = System.nanoTime();
            traffic.phase(BACK);
            Thread.sleep(timeline.after().toMillis());
            traffic.stop();
            log.info("  >>> traffic stopped; waiting for the retry topic to drain");
            boolean drained = await(Demo.DRAIN_BOUND, this::drained);
            tick();
            return drained ? Duration.ofNanos(drainedAt - back) : null;
        } finally {
            ticker.shutdownNow();
        }
    }

    Figures figures() {
        return Figures.read(payments, consumer);
    }

    long peakLagRecords() {
        return peakLagRecords;
    }

    double peakLagSeconds() {
        return peakLagSeconds;
    }

    /** Nothing queued in the writer, every hand-off consumed, and a lag sample of zero after that. */
    private synchronized boolean drained() {
        Figures figures = figures();
        LagReport report = lag.report();
        return gauge(DualWriteMetricNames.QUEUE) == 0
                && gauge(DualWriteMetricNames.SPOOL_RECORDS) == 0
                && figures.consumed() >= figures.handedOff()
                && report.status() == LagStatus.OK
                && report.lagRecords() == 0
                && report.error() == null;
    }

    private synchronized void tick() {
        try {
            Figures figures = figures();
            LagReport report = lag.report();
            peakLagRecords = Math.max(peakLagRecords, report.lagRecords());
            peakLagSeconds = Math.max(peakLagSeconds, report.lagSeconds());
            if (back != 0 && drainedAt == 0 && drained()) {
                drainedAt = System.nanoTime();
            }
            log.info(String.format(
                    "%4d s  %-9s  %-9s %7d  %7d  %10d |  %13d  %10.1f  %s",
                    Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                    postgres.isRunning() ? "up" : "DOWN",
                    breakerState(),
                    traffic.writes(),
                    figures.direct(),
                    figures.handedOff(),
                    report.lagRecords(),
                    report.lagSeconds(),
                    report.status()));
        } catch (RuntimeException e) {
            log.warn("Could not read the figures: {}", e.toString());
        }
    }

    private String breakerState() {
        return payments.find(DualWriteMetricNames.BREAKER_STATE).gauges().stream()
                .filter(g -> g.value() == 1)
                .map(g -> g.getId().getTag("state").toUpperCase(java.util.Locale.ROOT))
                .findFirst()
                .orElse("?");
    }

    private double gauge(String name) {
        Gauge gauge = payments.find(name).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(250);
        }
        return condition.getAsBoolean();
    }
}
