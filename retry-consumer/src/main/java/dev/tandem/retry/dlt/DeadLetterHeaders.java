package dev.tandem.retry.dlt;

import dev.tandem.core.codec.RetryHeaders;
import dev.tandem.retry.apply.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers a dead-lettered record carries on top of those it had on the retry topic: why it was
 * dead-lettered, where it came from and how often it was tried. Its key and payload are unchanged,
 * so that a replay puts back exactly what the writer published.
 */
public final class DeadLetterHeaders {

    /** The {@link dev.tandem.retry.apply.DeadLetterReason}. */
    public static final String REASON = "tandem-dlt-reason";
    /** The error, truncated to {@value #MAX_DETAIL_LENGTH} characters. */
    public static final String DETAIL = "tandem-dlt-detail";
    /** Topic the record was consumed from. */
    public static final String ORIGINAL_TOPIC = "tandem-dlt-original-topic";
    /** Its partition there, decimal. */
    public static final String ORIGINAL_PARTITION = "tandem-dlt-original-partition";
    /** Its offset there, decimal. */
    public static final String ORIGINAL_OFFSET = "tandem-dlt-original-offset";
    /** Delivery attempts including the one that failed for good, decimal. */
    public static final String ATTEMPTS = "tandem-dlt-attempts";
    /** When it was dead-lettered, ISO-8601. */
    public static final String DEAD_LETTERED_AT = "tandem-dlt-at";
    /** On a replayed record: the DLT position it was replayed from. */
    public static final String REPLAYED_FROM = "tandem-replayed-from";

    static final int MAX_DETAIL_LENGTH = 500;

    private DeadLetterHeaders() {}

    /** The headers of {@code deadLetter} on the DLT: the original ones plus Tandem's. */
    static Headers of(DeadLetter deadLetter, Headers original, Instant now) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original) {
            if (!header.key().startsWith("tandem-dlt-")) {
                headers.add(header);
            }
        }
        String detail = deadLetter.detail();
        put(headers, REASON, deadLetter.reason().name());
        put(headers, DETAIL, RetryHeaders.truncate(detail, MAX_DETAIL_LENGTH));
        put(headers, ORIGINAL_TOPIC, deadLetter.record().topic());
        put(headers, ORIGINAL_PARTITION, Integer.toString(deadLetter.record().partition()));
        put(headers, ORIGINAL_OFFSET, Long.toString(deadLetter.record().offset()));
        put(headers, ATTEMPTS, Integer.toString(attemptsBefore(original) + 1));
        put(headers, DEAD_LETTERED_AT, now.toString());
        return headers;
    }

    /** Delivery attempts recorded by the writer ({@link RetryHeaders#ATTEMPT}), 0 when absent or unreadable. */
    static int attemptsBefore(Headers headers) {
        String attempt = text(headers, RetryHeaders.ATTEMPT);
        try {
            return attempt == null ? 0 : Math.max(0, Integer.parseInt(attempt.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The last value of header {@code key} as UTF-8 text, or null. */
    public static String text(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
