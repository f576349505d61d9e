package dev.tandem.core.codec;

import dev.tandem.core.HandOffReason;
import dev.tandem.core.Mutation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.MDC;

/** The headers of a retry-topic record: why it is there, since when, and the caller's trace context. */
public final class RetryHeaders {

    /** Delivery attempts so far, as decimal text. */
    public static final String ATTEMPT = "tandem-attempt";
    /** When the write first failed to reach the secondary, ISO-8601. */
    public static final String FIRST_FAILURE_AT = "tandem-first-failure-at";
    /** The {@link HandOffReason}. */
    public static final String REASON = "tandem-reason";
    /** Class name of the error that sent it here; absent when there was none (e.g. an outbox relay). */
    public static final String ERROR_CLASS = "tandem-error-class";
    /** Its message, truncated to {@value #MAX_MESSAGE_LENGTH} characters; absent with the error class. */
    public static final String ERROR_MESSAGE = "tandem-error-message";
    /** W3C trace context of the write, when the caller had one. */
    public static final String TRACEPARENT = "traceparent";

    static final int MAX_MESSAGE_LENGTH = 500;

    private RetryHeaders() {}

    /**
     * The headers for handing {@code mutation} off now for {@code reason}, because of {@code cause}
     * if there was one: a write relayed from the outbox, or handed off by a caller that has no error
     * to show, carries no error headers.
     */
    public static Map<String, byte[]> of(Mutation mutation, HandOffReason reason, Throwable cause, Instant now) {
        Objects.requireNonNull(mutation, "mutation");
        Objects.requireNonNull(reason, "reason (the HandOffReason of a retry record) must not be null");
        Objects.requireNonNull(now, "now");
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(ATTEMPT, bytes(Integer.toString(mutation.attempt())));
        headers.put(FIRST_FAILURE_AT, bytes(now.toString()));
        headers.put(REASON, bytes(reason.name()));
        if (cause != null) {
            headers.put(ERROR_CLASS, bytes(cause.getClass().getName()));
            String message = String.valueOf(cause.getMessage());
            headers.put(ERROR_MESSAGE, bytes(truncate(message, MAX_MESSAGE_LENGTH)));
        }
        String traceparent = traceparent();
        if (traceparent != null) {
            headers.put(TRACEPARENT, bytes(traceparent));
        }
        return headers;
    }

    /**
     * {@code text} cut to at most {@code max} characters and an ellipsis, never splitting a surrogate
     * pair; unchanged if it is short enough. For header values read by people.
     */
    public static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "…";
    }

    /** The caller's W3C trace context, from the MDC as Micrometer Tracing and most tracers leave it. */
    private static String traceparent() {
        String explicit = MDC.get("traceparent");
        if (explicit != null) {
            return explicit;
        }
        String traceId = MDC.get("traceId");
        String spanId = MDC.get("spanId");
        return traceId != null && spanId != null ? "00-" + traceId + "-" + spanId + "-01" : null;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
