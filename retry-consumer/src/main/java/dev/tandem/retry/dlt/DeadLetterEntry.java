package dev.tandem.retry.dlt;

import java.time.Instant;
import org.apache.kafka.common.header.Headers;

/**
 * One record of the dead-letter topic.
 *
 * @param partition its partition on the DLT
 * @param offset its offset there
 * @param deadLetteredAt the DLT record's timestamp
 * @param reason the dead-letter reason header, "UNKNOWN" if absent
 * @param table the mutation's table, or {@value #UNDECODABLE_TABLE} when the payload cannot be decoded
 * @param rowKey the mutation's row key, or empty
 * @param key the record key, unchanged from the retry topic
 * @param value the payload, unchanged from the retry topic
 * @param headers all headers
 */
public record DeadLetterEntry(
        int partition,
        long offset,
        Instant deadLetteredAt,
        String reason,
        String table,
        String rowKey,
        byte[] key,
        byte[] value,
        Headers headers) {

    /** The table shown for a payload that is not a mutation. */
    public static final String UNDECODABLE_TABLE = "(undecodable)";

    /** {@code dlt-topic-partition@offset}. */
    public String position(String topic) {
        return topic + "-" + partition + "@" + offset;
    }
}
