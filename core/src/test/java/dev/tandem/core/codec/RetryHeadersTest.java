package dev.tandem.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.HandOffReason;
import dev.tandem.core.Mutation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RetryHeadersTest {

    private final Mutation mutation =
            Mutation.upsert("t").key("id", 1).attempt(2).build();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    private static String text(Map<String, byte[]> headers, String name) {
        return headers.containsKey(name) ? new String(headers.get(name), StandardCharsets.UTF_8) : null;
    }

    @Test
    void headersNameAttemptReasonErrorAndFirstFailure() {
        Map<String, byte[]> headers = RetryHeaders.of(
                mutation,
                HandOffReason.SECONDARY_FAILED,
                new IllegalStateException("connection refused"),
                Instant.parse("2026-11-21T10:00:00Z"));

        assertThat(text(headers, RetryHeaders.ATTEMPT)).isEqualTo("2");
        assertThat(text(headers, RetryHeaders.REASON)).isEqualTo("SECONDARY_FAILED");
        assertThat(text(headers, RetryHeaders.ERROR_CLASS)).isEqualTo("java.lang.IllegalStateException");
        assertThat(text(headers, RetryHeaders.ERROR_MESSAGE)).isEqualTo("connection refused");
        assertThat(text(headers, RetryHeaders.FIRST_FAILURE_AT)).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(headers).doesNotContainKey(RetryHeaders.TRACEPARENT);
    }

    @Test
    void recordWithoutACauseCarriesNoErrorHeaders() {
        Map<String, byte[]> headers =
                RetryHeaders.of(mutation, HandOffReason.OUTBOX_RELAY, null, Instant.parse("2026-11-21T10:00:00Z"));

        assertThat(text(headers, RetryHeaders.REASON)).isEqualTo("OUTBOX_RELAY");
        assertThat(text(headers, RetryHeaders.ATTEMPT)).isEqualTo("2");
        assertThat(headers).doesNotContainKeys(RetryHeaders.ERROR_CLASS, RetryHeaders.ERROR_MESSAGE);
    }

    @Test
    void missingReasonIsRefusedByName() {
        assertThatThrownBy(() -> RetryHeaders.of(mutation, null, null, Instant.now()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("reason");
    }

    @Test
    void longErrorMessagesAreTruncated() {
        Map<String, byte[]> headers = RetryHeaders.of(
                mutation, HandOffReason.SECONDARY_FAILED, new IllegalStateException("x".repeat(5_000)), Instant.now());

        assertThat(text(headers, RetryHeaders.ERROR_MESSAGE))
                .hasSize(RetryHeaders.MAX_MESSAGE_LENGTH + 1)
                .endsWith("…");
    }

    @Test
    void callersTraceContextIsCarriedAsW3cTraceparent() {
        MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        MDC.put("spanId", "00f067aa0ba902b7");

        Map<String, byte[]> headers =
                RetryHeaders.of(mutation, HandOffReason.CIRCUIT_OPEN, new IllegalStateException("open"), Instant.now());

        assertThat(text(headers, RetryHeaders.TRACEPARENT))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }
}
