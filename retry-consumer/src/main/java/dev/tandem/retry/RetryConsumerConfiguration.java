package dev.tandem.retry;

import dev.tandem.core.fence.FenceProperties;
import dev.tandem.core.mapping.MappingProperties;
import dev.tandem.retry.dlt.DeadLetterPublisher;
import dev.tandem.retry.dlt.DeadLetterReplayer;
import dev.tandem.retry.dlt.DeadLetterTopic;
import dev.tandem.retry.dlt.RetryDltEndpoint;
import dev.tandem.retry.lag.ConsumerActivity;
import java.time.Clock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The beans shared by the consumers, the lag monitor and the DLT tools. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RetryConsumerProperties.class, MappingProperties.class, FenceProperties.class})
@Import({ConsumingConfiguration.class, LagConfiguration.class})
class RetryConsumerConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    KafkaClientFactory kafkaClientFactory(
            KafkaProperties kafka, ObjectProvider<SslBundles> sslBundles, RetryConsumerProperties properties) {
        return new KafkaClientFactory(kafka, sslBundles.getIfAvailable(), properties);
    }

    @Bean
    ConsumerActivity consumerActivity() {
        return new ConsumerActivity();
    }

    @Bean(destroyMethod = "close")
    Producer<byte[], byte[]> retryProducer(KafkaClientFactory kafka) {
        return kafka.producer("tandem-retry-consumer-dlt");
    }

    @Bean(destroyMethod = "close")
    Admin retryAdmin(KafkaClientFactory kafka) {
        return kafka.admin();
    }

    @Bean
    DeadLetterTopic deadLetterTopic(Admin admin, KafkaClientFactory kafka, RetryConsumerProperties properties) {
        return new DeadLetterTopic(admin, kafka::reader, properties.deadLetterTopic());
    }

    @Bean
    DeadLetterReplayer deadLetterReplayer(
            DeadLetterTopic deadLetters, Producer<byte[], byte[]> producer, RetryConsumerProperties properties) {
        return new DeadLetterReplayer(deadLetters, producer, properties.topic());
    }

    @Bean
    RetryDltEndpoint retryDltEndpoint(DeadLetterTopic deadLetters, DeadLetterReplayer replayer) {
        return new RetryDltEndpoint(deadLetters, replayer);
    }

    @Bean
    DeadLetterPublisher deadLetterPublisher(
            Producer<byte[], byte[]> producer, RetryConsumerProperties properties, Clock clock) {
        return new DeadLetterPublisher(producer, properties.deadLetterTopic(), clock, 30_000);
    }
}
