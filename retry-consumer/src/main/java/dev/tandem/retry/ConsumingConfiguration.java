package dev.tandem.retry;

import dev.tandem.core.SecondaryStore;
import dev.tandem.core.fence.FenceProperties;
import dev.tandem.core.mapping.MappingProperties;
import dev.tandem.retry.apply.BatchApplier;
import dev.tandem.retry.dlt.DeadLetterPublisher;
import dev.tandem.retry.lag.ConsumerActivity;
import dev.tandem.retry.listener.RetryTopicListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/** The consumers of the retry topic and what they apply with; off for the DLT command line. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tandem.retry.consume", havingValue = "true", matchIfMissing = true)
class ConsumingConfiguration {

    @Bean
    SecondaryStore secondaryStore(
            DataSource dataSource,
            RetryConsumerProperties properties,
            MappingProperties mapping,
            FenceProperties fence) {
        return fence.applyTo(SecondaryStore.fenced(dataSource))
                .fenceTable(properties.fenceTable())
                .statementTimeout(properties.statementTimeout())
                .mapping(mapping.toSchemaMapping())
                .urlSetting("spring.datasource.url")
                .build();
    }

    @Bean
    BatchApplier batchApplier(SecondaryStore secondary) {
        return new BatchApplier(secondary);
    }

    /** Created at start-up with the broker's default partitions and replication if it does not exist. */
    @Bean
    NewTopic deadLetterTopicDeclaration(RetryConsumerProperties properties) {
        return TopicBuilder.name(properties.deadLetterTopic()).build();
    }

    @Bean
    RetryTopicListener retryTopicListener(
            RetryConsumerProperties properties,
            KafkaClientFactory kafka,
            BatchApplier applier,
            DeadLetterPublisher deadLetters,
            ConsumerActivity activity,
            MeterRegistry registry,
            Clock clock) {
        return new RetryTopicListener(
                properties, kafka.group(), kafka::groupConsumer, applier, deadLetters, activity, registry, clock);
    }
}
