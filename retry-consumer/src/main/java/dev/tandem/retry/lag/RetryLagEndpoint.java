package dev.tandem.retry.lag;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** {@code /actuator/retrylag}: the retry topic's lag per partition, with status, rate and ETA. */
@Endpoint(id = "retrylag")
public final class RetryLagEndpoint {

    private final LagMonitor monitor;

    public RetryLagEndpoint(LagMonitor monitor) {
        this.monitor = monitor;
    }

    @ReadOperation
    public LagReport lag() {
        return monitor.report();
    }
}
