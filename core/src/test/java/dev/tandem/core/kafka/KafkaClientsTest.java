package dev.tandem.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

    private static final Map<String, Object> APPLICATION = Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            "127.0.0.1:9092",
            "security.protocol",
            "SSL",
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.ACKS_CONFIG,
            "1",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            false,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            true);

    @Test
    void producersAreIdempotentAndWaitForAllReplicasWhateverTheApplicationSays() {
        Map<String, Object> config =
                KafkaClients.of(APPLICATION).producerConfig(Map.of(), Map.of(ProducerConfig.ACKS_CONFIG, "0"));

        assertThat(config)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)
                .containsEntry(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    @Test
    void consumersNeverCommitOnTheirOwn() {
        Map<String, Object> config = KafkaClients.of(APPLICATION)
                .consumerConfig(Map.of(), Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true));

        assertThat(config)
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    @Test
    void theApplicationWinsOverDefaultsAndSettingsWinOverTheApplication() {
        Map<String, Object> config = KafkaClients.of(APPLICATION)
                .producerConfig(
                        Map.of(ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.CLIENT_ID_CONFIG, "tandem-x"),
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9093"));

        assertThat(config)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20)
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "tandem-x")
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9093")
                .containsEntry("security.protocol", "SSL");
    }

    @Test
    void aNullSettingRemovesTheProperty() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, null);

        Map<String, Object> config =
                KafkaClients.of(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "g")).consumerConfig(Map.of(), settings);

        assertThat(config).doesNotContainKey(ConsumerConfig.GROUP_ID_CONFIG);
    }

    @Test
    void eachKindStartsFromItsOwnProperties() {
        KafkaClients clients = KafkaClients.of(
                Map.of(ProducerConfig.CLIENT_ID_CONFIG, "p"),
                Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "c"),
                Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "a"));

        assertThat(clients.producerConfig(Map.of(), Map.of())).containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "p");
        assertThat(clients.consumerConfig(Map.of(), Map.of())).containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "c");
        assertThat(clients.adminConfig(Map.of())).containsEntry(AdminClientConfig.CLIENT_ID_CONFIG, "a");
    }

    @Test
    void missingOrNullPropertiesAreRefusedNamingTheKind() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("sasl.jaas.config", null);

        assertThatThrownBy(() -> KafkaClients.of(Map.of(), null, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The consumer properties are missing (null)");
        assertThatThrownBy(() -> KafkaClients.of(withNull))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The producer properties hold a null value of sasl.jaas.config");
    }
}
