package dev.tandem.retry.lag;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health from the lag status: UP while draining (OK) or falling behind (WARNING, shown in the
 * details), DOWN when the secondary refuses records (ERROR), nothing moves (STALLED) or nobody
 * consumes (STOPPED).
 */
public final class RetryLagHealthIndicator extends AbstractHealthIndicator {

    private final LagMonitor monitor;

    public RetryLagHealthIndicator(LagMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        LagReport report = monitor.report();
        switch (report.status()) {
            case OK, WARNING -> builder.up();
            default -> builder.down();
        }
        builder.withDetail("status", report.status())
                .withDetail("lagRecords", report.lagRecords())
                .withDetail("lagSeconds", report.lagSeconds())
                .withDetail("sampledAt", report.sampledAt());
        if (report.error() != null) {
            builder.withDetail("error", report.error());
        }
        report.partitions().stream()
                .filter(p -> p.status() != LagStatus.OK)
                .forEach(p -> builder.withDetail("partition-" + p.partition(), p.status() + ": " + p.detail()));
    }
}
