package dev.tandem.dualwrite.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * A real producer whose sends, from the {@code failFrom}-th on, fail with the error {@code failure}
 * supplies, as the broker's answer would reach them: in the callback and the future. While it fails
 * it stays failing, like a producer stuck in an error state; {@code recoverAfter} sends later it
 * recovers by itself (a transient error), or never ({@code recoverAfter} negative).
 */
final class FailingProducer implements Producer<byte[], byte[]> {

    private final Producer<byte[], byte[]> real;
    private final int failFrom;
    private final int recoverAfter;
    private final Supplier<? extends RuntimeException> failure;
    private final AtomicInteger sends = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    FailingProducer(
            Producer<byte[], byte[]> real,
            int failFrom,
            int recoverAfter,
            Supplier<? extends RuntimeException> failure) {
        this.real = real;
        this.failFrom = failFrom;
        this.recoverAfter = recoverAfter;
        this.failure = failure;
    }

    int failedSends() {
        return failed.get();
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        int n = sends.incrementAndGet();
        boolean fails = n > failFrom && (recoverAfter < 0 || n <= failFrom + recoverAfter);
        if (!fails) {
            return real.send(record, callback);
        }
        failed.incrementAndGet();
        RuntimeException error = failure.get();
        if (callback != null) {
            callback.onCompletion(null, error);
        }
        return CompletableFuture.failedFuture(error);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return send(record, null);
    }

    @Override
    public void flush() {
        real.flush();
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return real.partitionsFor(topic);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return real.metrics();
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return real.clientInstanceId(timeout);
    }

    @Override
    public void close() {
        closed.set(true);
        real.close();
    }

    @Override
    public void close(Duration timeout) {
        closed.set(true);
        real.close(timeout);
    }

    @Override
    public void initTransactions() {
        real.initTransactions();
    }

    @Override
    public void beginTransaction() {
        real.beginTransaction();
    }

    @Override
    @SuppressWarnings("deprecation")
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, String consumerGroupId) {
        real.sendOffsetsToTransaction(offsets, consumerGroupId);
    }

    @Override
    public void sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        real.sendOffsetsToTransaction(offsets, groupMetadata);
    }

    @Override
    public void commitTransaction() {
        real.commitTransaction();
    }

    @Override
    public void abortTransaction() {
        real.abortTransaction();
    }
}
