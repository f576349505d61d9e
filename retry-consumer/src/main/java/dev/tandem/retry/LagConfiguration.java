package dev.tandem.retry;

import dev.tandem.retry.dlt.DeadLetterTopic;
import dev.tandem.retry.lag.ConsumerActivity;
import dev.tandem.retry.lag.LagMonitor;
import dev.tandem.retry.lag.RetryLagEndpoint;
import dev.tandem.retry.lag.RetryLagHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lag sampling, {@code /actuator/retrylag}, the {@code retryLag} health contributor (in the readiness
 * group, see application.yml) and the lag and dead-letter gauges.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tandem.retry.lag.enabled", havingValue = "true", matchIfMissing = true)
class LagConfiguration {

    @Bean
    LagMonitor lagMonitor(
            KafkaClientFactory kafka,
            DataSource secondary,
            ConsumerActivity activity,
            RetryConsumerProperties properties,
            Clock clock,
            MeterRegistry registry,
            DeadLetterTopic deadLetters) {
        return new LagMonitor(
                kafka::admin,
                kafka::reader,
                secondary,
                activity,
                properties.topic(),
                kafka.group(),
                deadLetters.name(),
                deadLetters::records,
                properties.lag().interval(),
                properties.lag().window(),
                clock,
                registry);
    }

    @Bean
    RetryLagEndpoint retryLagEndpoint(LagMonitor monitor) {
        return new RetryLagEndpoint(monitor);
    }

    @Bean
    RetryLagHealthIndicator retryLagHealthIndicator(LagMonitor monitor) {
        return new RetryLagHealthIndicator(monitor);
    }
}
