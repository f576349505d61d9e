package dev.tandem.cli.dlt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Tandem;
import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.retry.dlt.DeadLetterHeaders;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** {@code tandem dlt …} against a real broker, through the retry consumer's Kafka-only context. */
class DeadLetterCommandIT {

    private final EmbeddedKafka kafka = EmbeddedServices.kafka();
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String retryTopic = "tandem.retry." + id;
    private final String deadLetterTopic = retryTopic + ".dlt";

    @Test
    void listShowReplayAndPurgeTheDeadLetters() throws Exception {
        kafka.createTopic(retryTopic, 1);
        kafka.createTopic(deadLetterTopic, 1);
        deadLetter(account(5_001), "SCHEMA_MISMATCH");
        deadLetter(account(5_002), "REJECTED_BY_SECONDARY");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(DeadLetterHeaders.REASON, "UNDECODABLE".getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(
                            deadLetterTopic,
                            0,
                            "accounts/id=5000".getBytes(StandardCharsets.UTF_8),
                            "{\"schema\":1,\"table\":".getBytes(StandardCharsets.UTF_8),
                            headers))
                    .get();
        }

        Result list = tandem("dlt", "list");
        assertThat(list.status()).as(list.out()).isZero();
        assertThat(list.out())
                .contains(deadLetterTopic + ": 3 dead letters")
                .contains("UNDECODABLE")
                .contains("REJECTED_BY_SECONDARY")
                .contains("accounts");

        Result show = tandem("dlt", "show", "0", "1");
        assertThat(show.status()).as(show.out()).isZero();
        assertThat(show.out())
                .contains("reason:           REJECTED_BY_SECONDARY")
                .contains("id=5002");
        Result nothing = tandem("dlt", "show", "0", "99");
        assertThat(nothing.status()).isEqualTo(1);
        assertThat(nothing.out()).contains("dlt: no record at " + deadLetterTopic + "-0@99");

        Result dryRun = tandem("dlt", "replay", "--reason=SCHEMA_MISMATCH,REJECTED_BY_SECONDARY");
        assertThat(dryRun.out()).contains("dry run: 2 dead letters would be replayed");
        assertThat(retried()).isZero();

        Result replay =
                tandem("dlt", "replay", "--reason=SCHEMA_MISMATCH,REJECTED_BY_SECONDARY", "--rate=50", "--execute");
        assertThat(replay.status()).as(replay.out()).isZero();
        assertThat(replay.out()).contains("replayed 2 of 2");
        assertThat(retried()).isEqualTo(2);

        Result purge = tandem("dlt", "purge", "--yes");
        assertThat(purge.status()).as(purge.out()).isZero();
        assertThat(purge.out()).contains("purged 3 records");
        assertThat(tandem("dlt", "list").out()).contains(": 0 dead letters");
    }

    private static Mutation account(long id) {
        return Mutation.upsert("accounts")
                .key("id", id)
                .version(1)
                .column("email", "user" + id + "@example.com")
                .build();
    }

    private void deadLetter(Mutation mutation, String reason) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
            headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, retryTopic.getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(
                            deadLetterTopic,
                            0,
                            MutationCodec.recordKey(mutation),
                            MutationCodec.encode(mutation),
                            headers))
                    .get();
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** Records on the retry topic. */
    private int retried() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            TopicPartition partition = new TopicPartition(retryTopic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            int records = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                records += consumer.poll(Duration.ofMillis(500)).count();
            }
            return records;
        }
    }

    private Result tandem(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.add("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers());
        args.add("--tandem.retry.topic=" + retryTopic);
        args.add("--tandem.retry.dead-letter-topic=" + deadLetterTopic);
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = Tandem.run(args.toArray(String[]::new));
        } finally {
            System.setOut(original);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        original.print(output);
        return new Result(status, output);
    }

    private record Result(int status, String out) {}
}
