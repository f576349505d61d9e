package dev.tandem.reconcile.repair;

import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes repairs to the retry topic, keyed like every other write of their row, and waits until
 * the broker has them all.
 */
public final class RepairPublisher {

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final String topic;

    public RepairPublisher(Supplier<Producer<byte[], byte[]>> producers, String topic) {
        this.producers = producers;
        this.topic = topic;
    }

    /**
     * @throws RepairException if any repair could not be published (those before it may have been)
     */
    public void publish(List<Mutation> repairs) {
        try (Producer<byte[], byte[]> producer = producers.get()) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(repairs.size());
            for (Mutation repair : repairs) {
                sent.add(producer.send(
                        new ProducerRecord<>(topic, MutationCodec.recordKey(repair), MutationCodec.encode(repair))));
            }
            producer.flush();
            for (int i = 0; i < sent.size(); i++) {
                try {
                    sent.get(i).get(30, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new RepairException(
                            "Publishing " + repairs.get(i).describe() + " to " + topic + " failed: " + e, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RepairException("Interrupted while publishing repairs to " + topic, e);
                }
            }
        }
    }
}
