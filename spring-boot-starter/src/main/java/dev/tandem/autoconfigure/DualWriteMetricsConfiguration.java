package dev.tandem.autoconfigure;

import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.DualWriterMetrics;
import dev.tandem.dualwrite.RetryHandOff;
import dev.tandem.dualwrite.kafka.KafkaRetryHandOff;
import dev.tandem.dualwrite.kafka.UnrecoverableProducerError;
import dev.tandem.dualwrite.outbox.Outbox;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer metrics under {@code tandem.dualwrite.*}, when Micrometer is present; the circuit
 * breaker's through resilience4j's binder ({@link MicrometerDualWriterMetrics}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
class DualWriteMetricsConfiguration {

    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    @ConditionalOnMissingBean
    DualWriterMetrics tandemDualWriterMetrics(MeterRegistry registry) {
        return new MicrometerDualWriterMetrics(registry);
    }

    /**
     * Registers the gauges with the application's registry directly, so they exist with or without
     * Spring Boot Actuator (which is what binds {@code MeterBinder} beans).
     */
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    SmartInitializingSingleton tandemDualWriteGauges(
            MeterRegistry registry, DualWriter writer, RetryHandOff retry, ObjectProvider<Outbox> outboxes) {
        return () -> {
            outboxes.ifAvailable(outbox -> {
                Gauge.builder(DualWriteMetricNames.OUTBOX_DEPTH, outbox, Outbox::depth)
                        .description("Rows in the crash-safe outbox")
                        .register(registry);
                Gauge.builder(
                                DualWriteMetricNames.OUTBOX_OLDEST_AGE,
                                outbox,
                                o -> o.oldestAge().toMillis() / 1000.0)
                        .description("Age of the oldest row in the crash-safe outbox")
                        .baseUnit("seconds")
                        .register(registry);
            });
            if (retry instanceof KafkaRetryHandOff kafka) {
                Gauge.builder(DualWriteMetricNames.SPOOL_RECORDS, kafka, KafkaRetryHandOff::spooledRecords)
                        .description("Retry records waiting in the local spool for Kafka")
                        .register(registry);
                Gauge.builder(DualWriteMetricNames.SPOOL_BYTES, kafka, KafkaRetryHandOff::spooledBytes)
                        .baseUnit("bytes")
                        .register(registry);
                Gauge.builder(DualWriteMetricNames.SPOOL_FILL_RATIO, kafka, KafkaRetryHandOff::spoolFillRatio)
                        .description("The local spool's bytes over its capacity; full, it loses writes")
                        .register(registry);
                for (UnrecoverableProducerError cause : UnrecoverableProducerError.values()) {
                    FunctionCounter.builder(
                                    DualWriteMetricNames.PRODUCER_RENEWALS, kafka, k -> k.producerRenewals(cause))
                            .description("Retry producers replaced after an error they cannot recover from")
                            .tag("cause", cause.name())
                            .register(registry);
                }
            }
            FunctionCounter.builder(DualWriteMetricNames.LOST, writer, w -> w.lostWrites()
                            .count())
                    .description("Writes that reached neither the secondary, the retry topic nor the local spool")
                    .register(registry);
            Gauge.builder(DualWriteMetricNames.QUEUE, writer, w -> w.stats().queued())
                    .description("Writes waiting for the async executor")
                    .register(registry);
        };
    }
}
