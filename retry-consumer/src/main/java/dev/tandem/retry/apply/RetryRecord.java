package dev.tandem.retry.apply;

import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record of the retry topic as consumed: where it was, and its raw payload (decoded only when
 * applied, so that an undecodable payload is dead-lettered rather than crashing the consumer).
 */
public record RetryRecord(String topic, int partition, long offset, byte[] key, byte[] value, Headers headers) {

    public RetryRecord {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(value, "value");
        headers = headers == null ? new RecordHeaders() : headers;
    }

    /** A record without headers. */
    public RetryRecord(String topic, int partition, long offset, byte[] key, byte[] value) {
        this(topic, partition, offset, key, value, null);
    }

    /** {@code topic-partition@offset}, for logs and DLT headers. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
