package dev.tandem.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.autoconfigure.kafka.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

class SpringKafkaClientsTest {

    private static final SslBundle COMMON = SslBundle.of(SslStoreBundle.NONE);
    private static final SslBundle PRODUCER = SslBundle.of(SslStoreBundle.NONE);

    private static DefaultSslBundleRegistry bundles() {
        DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
        registry.registerBundle("common", COMMON);
        registry.registerBundle("producer", PRODUCER);
        return registry;
    }

    private static KafkaProperties kafka() {
        KafkaProperties kafka = new KafkaProperties();
        kafka.setBootstrapServers(List.of("127.0.0.1:9093"));
        return kafka;
    }

    @Test
    void everyKindOfClientGetsTheNamedBundle() {
        KafkaProperties kafka = kafka();
        kafka.getSsl().setBundle("common");

        KafkaClients clients = SpringKafkaClients.of(kafka, bundles());

        for (Map<String, Object> config : List.of(
                clients.producerConfig(Map.of(), Map.of()),
                clients.consumerConfig(Map.of(), Map.of()),
                clients.adminConfig(Map.of()))) {
            assertThat(config)
                    .containsEntry(SslBundle.class.getName(), COMMON)
                    .containsEntry(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class)
                    .containsEntry("bootstrap.servers", List.of("127.0.0.1:9093"));
        }
    }

    @Test
    void aKindsOwnBundleWinsOverTheCommonOne() {
        KafkaProperties kafka = kafka();
        kafka.getSsl().setBundle("common");
        kafka.getProducer().getSsl().setBundle("producer");

        KafkaClients clients = SpringKafkaClients.of(kafka, bundles());

        assertThat(clients.producerConfig(Map.of(), Map.of())).containsEntry(SslBundle.class.getName(), PRODUCER);
        assertThat(clients.consumerConfig(Map.of(), Map.of())).containsEntry(SslBundle.class.getName(), COMMON);
    }

    @Test
    void withoutABundleNoSslEngineIsSet() {
        KafkaClients clients = SpringKafkaClients.of(kafka(), null);

        assertThat(clients.producerConfig(Map.of(), Map.of()))
                .doesNotContainKeys(SslBundle.class.getName(), SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG);
    }

    @Test
    void aNamedBundleThatIsMissingIsRefusedNamingTheKey() {
        KafkaProperties kafka = kafka();
        kafka.getConsumer().getSsl().setBundle("nowhere");

        assertThatThrownBy(() -> SpringKafkaClients.of(kafka, bundles()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("spring.kafka.consumer.ssl.bundle names SSL bundle 'nowhere', which is not configured");
        assertThatThrownBy(() -> SpringKafkaClients.of(kafka, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("spring.kafka.consumer.ssl.bundle names SSL bundle 'nowhere' but the application has no"
                        + " SSL bundles");
    }
}
