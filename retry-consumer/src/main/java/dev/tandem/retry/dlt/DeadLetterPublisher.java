package dev.tandem.retry.dlt;

import dev.tandem.retry.apply.DeadLetter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

/**
 * Publishes poison records to the dead-letter topic and waits until the broker has them all, so that
 * the consumer commits past a record only once it is safe on the DLT.
 */
public final class DeadLetterPublisher {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Clock clock;
    private final long timeoutMillis;

    public DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, Clock clock, long timeoutMillis) {
        this.producer = producer;
        this.topic = topic;
        this.clock = clock;
        this.timeoutMillis = timeoutMillis;
    }

    public String topic() {
        return topic;
    }

    /**
     * Publishes {@code deadLetters}, each with the headers it had when consumed plus {@link DeadLetterHeaders}.
     *
     * @throws DeadLetterPublishException if the broker did not acknowledge all of them in time
     */
    public void publish(List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(deadLetters.size());
        for (DeadLetter deadLetter : deadLetters) {
            Headers headers =
                    DeadLetterHeaders.of(deadLetter, deadLetter.record().headers(), clock.instant());
            acks.add(producer.send(new ProducerRecord<>(
                    topic, null, deadLetter.record().key(), deadLetter.record().value(), headers)));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterPublishException(topic, deadLetters.size(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DeadLetterPublishException(topic, deadLetters.size(), e);
        }
    }
}
