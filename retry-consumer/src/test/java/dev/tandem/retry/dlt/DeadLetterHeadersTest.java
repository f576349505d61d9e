package dev.tandem.retry.dlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tandem.core.codec.RetryHeaders;
import dev.tandem.retry.apply.DeadLetter;
import dev.tandem.retry.apply.DeadLetterReason;
import dev.tandem.retry.apply.RetryRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-21T08:15:30.123Z");

    private static Headers headers(String... keysAndValues) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            headers.add(keysAndValues[i], keysAndValues[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static DeadLetter deadLetter(DeadLetterReason reason, String detail, Headers original) {
        RetryRecord record =
                new RetryRecord("tandem.retry", 2, 41L, "k".getBytes(StandardCharsets.UTF_8), new byte[] {1}, original);
        return new DeadLetter(record, reason, detail);
    }

    private static Headers dlt(String detail, Headers original) {
        return DeadLetterHeaders.of(deadLetter(DeadLetterReason.SCHEMA_MISMATCH, detail, original), original, NOW);
    }

    private static List<Tuple> all(Headers headers) {
        List<Tuple> list = new ArrayList<>();
        for (Header header : headers) {
            list.add(tuple(header.key(), new String(header.value(), StandardCharsets.UTF_8)));
        }
        return list;
    }

    @Test
    void originalHeadersAreKeptAndTandemsAdded() {
        Headers original =
                headers(RetryHeaders.ATTEMPT, "3", "traceparent", "00-abc-def-01", "x-multi", "a", "x-multi", "b");

        Headers headers = dlt("no such column 'colour'", original);

        assertThat(all(headers))
                .containsExactly(
                        tuple(RetryHeaders.ATTEMPT, "3"),
                        tuple("traceparent", "00-abc-def-01"),
                        tuple("x-multi", "a"),
                        tuple("x-multi", "b"),
                        tuple(DeadLetterHeaders.REASON, "SCHEMA_MISMATCH"),
                        tuple(DeadLetterHeaders.DETAIL, "no such column 'colour'"),
                        tuple(DeadLetterHeaders.ORIGINAL_TOPIC, "tandem.retry"),
                        tuple(DeadLetterHeaders.ORIGINAL_PARTITION, "2"),
                        tuple(DeadLetterHeaders.ORIGINAL_OFFSET, "41"),
                        tuple(DeadLetterHeaders.ATTEMPTS, "4"),
                        tuple(DeadLetterHeaders.DEAD_LETTERED_AT, "2026-11-21T08:15:30.123Z"));
    }

    @Test
    void originalHeadersAreNotModified() {
        Headers original = headers(RetryHeaders.ATTEMPT, "1", DeadLetterHeaders.REASON, "UNDECODABLE");

        dlt("boom", original);

        assertThat(all(original))
                .containsExactly(tuple(RetryHeaders.ATTEMPT, "1"), tuple(DeadLetterHeaders.REASON, "UNDECODABLE"));
    }

    @Test
    void earlierDeadLetterHeadersAreDropped() {
        Headers original = headers(
                DeadLetterHeaders.REASON,
                "UNDECODABLE",
                DeadLetterHeaders.ATTEMPTS,
                "9",
                DeadLetterHeaders.ORIGINAL_OFFSET,
                "7",
                "tandem-dlt-something-older",
                "x",
                DeadLetterHeaders.REPLAYED_FROM,
                "tandem.retry.dlt-0@12");

        Headers headers = dlt("boom", original);

        assertThat(headers.headers(DeadLetterHeaders.REASON)).hasSize(1);
        assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON)).isEqualTo("SCHEMA_MISMATCH");
        assertThat(headers.headers(DeadLetterHeaders.ATTEMPTS)).hasSize(1);
        assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
        assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.ORIGINAL_OFFSET))
                .isEqualTo("41");
        assertThat(headers.lastHeader("tandem-dlt-something-older")).isNull();
        assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.REPLAYED_FROM))
                .isEqualTo("tandem.retry.dlt-0@12");
    }

    @Test
    void detailUpToTheLimitIsKeptWhole() {
        String detail = "d".repeat(DeadLetterHeaders.MAX_DETAIL_LENGTH);

        assertThat(DeadLetterHeaders.text(dlt(detail, headers()), DeadLetterHeaders.DETAIL))
                .isEqualTo(detail);
    }

    @Test
    void longerDetailIsTruncatedToTheLimitWithAnEllipsis() {
        String detail = "a".repeat(499) + "bc" + "z".repeat(1000);

        String stored = DeadLetterHeaders.text(dlt(detail, headers()), DeadLetterHeaders.DETAIL);

        assertThat(stored).hasSize(501).isEqualTo("a".repeat(499) + "b…");
    }

    @Test
    void detailIsUtf8() {
        Headers headers = dlt("Schlüssel «Größe» zu lang", headers());

        assertThat(headers.lastHeader(DeadLetterHeaders.DETAIL).value())
                .isEqualTo("Schlüssel «Größe» zu lang".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void truncationDoesNotSplitACharacter() {
        String detail = "a".repeat(499) + "😀" + "z".repeat(10);

        String stored = DeadLetterHeaders.text(dlt(detail, headers()), DeadLetterHeaders.DETAIL);

        assertThat(stored).doesNotContain("?").startsWith("a".repeat(499)).endsWith("…");
    }

    @Test
    void missingDetailIsStoredEmpty() {
        assertThat(DeadLetterHeaders.text(dlt(null, headers()), DeadLetterHeaders.DETAIL))
                .isEmpty();
    }

    @Test
    void attemptsAreTheWritersAttemptsPlusOne() {
        assertThat(attempts(headers(RetryHeaders.ATTEMPT, "1"))).isEqualTo("2");
        assertThat(attempts(headers(RetryHeaders.ATTEMPT, " 5 "))).isEqualTo("6");
        assertThat(attempts(headers(RetryHeaders.ATTEMPT, "1", RetryHeaders.ATTEMPT, "7")))
                .isEqualTo("8");
    }

    @Test
    void absentOrUnreadableWriterAttemptsCountAsNone() {
        assertThat(attempts(headers())).isEqualTo("1");
        assertThat(attempts(headers(RetryHeaders.ATTEMPT, "three"))).isEqualTo("1");
        assertThat(attempts(headers(RetryHeaders.ATTEMPT, ""))).isEqualTo("1");
        assertThat(attempts(headers(RetryHeaders.ATTEMPT, "-4"))).isEqualTo("1");
        assertThat(attempts(headers(RetryHeaders.ATTEMPT, "99999999999"))).isEqualTo("1");
        RecordHeaders nullValue = new RecordHeaders();
        nullValue.add(RetryHeaders.ATTEMPT, null);
        assertThat(attempts(nullValue)).isEqualTo("1");
    }

    @Test
    void everyReasonIsWrittenByName() {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            Headers headers = DeadLetterHeaders.of(deadLetter(reason, "x", headers()), headers(), NOW);

            assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON))
                    .isEqualTo(reason.name());
        }
    }

    private static String attempts(Headers original) {
        return DeadLetterHeaders.text(dlt("x", original), DeadLetterHeaders.ATTEMPTS);
    }
}
