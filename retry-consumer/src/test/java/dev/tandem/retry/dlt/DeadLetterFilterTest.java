package dev.tandem.retry.dlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {

    private static final Instant NOON = Instant.parse("2026-11-21T12:00:00Z");

    private static DeadLetterEntry entry(String reason, String table, Instant deadLetteredAt) {
        return new DeadLetterEntry(
                0, 7, deadLetteredAt, reason, table, "id=1", new byte[0], new byte[0], new RecordHeaders());
    }

    @Test
    void parseSplitsCommaListsAndTrimsBlanksAway() {
        DeadLetterFilter filter = DeadLetterFilter.parse(
                " UNDECODABLE , SCHEMA_MISMATCH,,", "orders, customers ,", " 2026-11-21T08:00:00Z ", null);

        assertThat(filter.reasons()).containsExactlyInAnyOrder("UNDECODABLE", "SCHEMA_MISMATCH");
        assertThat(filter.tables()).containsExactlyInAnyOrder("orders", "customers");
        assertThat(filter.since()).isEqualTo(Instant.parse("2026-11-21T08:00:00Z"));
        assertThat(filter.until()).isNull();
    }

    @Test
    void parseOfNothingOrBlanksMatchesEverything() {
        assertThat(DeadLetterFilter.parse(null, null, null, null)).isEqualTo(DeadLetterFilter.ALL);
        assertThat(DeadLetterFilter.parse("", "  ", "", " ")).isEqualTo(DeadLetterFilter.ALL);
        assertThat(DeadLetterFilter.parse(" , ", ",", null, null)).isEqualTo(DeadLetterFilter.ALL);
    }

    @Test
    void parseAcceptsEveryReason() {
        DeadLetterFilter filter = DeadLetterFilter.parse(
                "UNDECODABLE,UNSUPPORTED_SCHEMA_VERSION,SCHEMA_MISMATCH,REJECTED_BY_SECONDARY", null, null, null);

        assertThat(filter.reasons()).hasSize(4);
    }

    @Test
    void unknownReasonIsRejectedNamingItAndTheAcceptedOnes() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeadLetterFilter.parse("UNDECODABLE,BOGUS", null, null, null))
                .withMessage("reason 'BOGUS' is not one of "
                        + "[UNDECODABLE, UNSUPPORTED_SCHEMA_VERSION, SCHEMA_MISMATCH, REJECTED_BY_SECONDARY]");
    }

    @Test
    void reasonsAreMatchedCaseSensitively() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeadLetterFilter.parse("undecodable", null, null, null))
                .withMessageStartingWith("reason 'undecodable' is not one of [");
    }

    @Test
    void badSinceIsRejectedNamingTheParameter() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeadLetterFilter.parse(null, null, "yesterday", null))
                .withMessage("since 'yesterday' is not an ISO-8601 instant such as 2026-11-21T08:00:00Z");
    }

    @Test
    void badUntilIsRejectedNamingTheParameter() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeadLetterFilter.parse(null, null, null, "2026-11-21"))
                .withMessage("until '2026-11-21' is not an ISO-8601 instant such as 2026-11-21T08:00:00Z");
    }

    @Test
    void sinceNotBeforeUntilIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeadLetterFilter.parse(null, null, "2026-11-21T12:00:00Z", "2026-11-21T12:00:00Z"))
                .withMessage("since (2026-11-21T12:00:00Z) must be before until (2026-11-21T12:00:00Z)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DeadLetterFilter.parse(null, null, "2026-11-22T00:00:00Z", "2026-11-21T00:00:00Z"))
                .withMessageContaining("must be before until");
    }

    @Test
    void constructorCopiesTheSetsAndTreatsNullAsEmpty() {
        Set<String> tables = new HashSet<>(Set.of("orders"));
        DeadLetterFilter filter = new DeadLetterFilter(null, tables, null, null);
        tables.add("customers");

        assertThat(filter.reasons()).isEmpty();
        assertThat(filter.tables()).containsExactly("orders");
    }

    @Test
    void emptyFilterMatchesEveryEntry() {
        assertThat(DeadLetterFilter.ALL.matches(entry("UNKNOWN", DeadLetterEntry.UNDECODABLE_TABLE, NOON)))
                .isTrue();
    }

    @Test
    void reasonsMatchAnyOfTheListed() {
        DeadLetterFilter filter = DeadLetterFilter.parse("UNDECODABLE,SCHEMA_MISMATCH", null, null, null);

        assertThat(filter.matches(entry("SCHEMA_MISMATCH", "orders", NOON))).isTrue();
        assertThat(filter.matches(entry("UNDECODABLE", "orders", NOON))).isTrue();
        assertThat(filter.matches(entry("REJECTED_BY_SECONDARY", "orders", NOON)))
                .isFalse();
        assertThat(filter.matches(entry("UNKNOWN", "orders", NOON))).isFalse();
    }

    @Test
    void tablesMatchAnyOfTheListed() {
        DeadLetterFilter filter = DeadLetterFilter.parse(null, "orders,customers", null, null);

        assertThat(filter.matches(entry("UNDECODABLE", "customers", NOON))).isTrue();
        assertThat(filter.matches(entry("UNDECODABLE", "invoices", NOON))).isFalse();
        assertThat(filter.matches(entry("UNDECODABLE", "Orders", NOON))).isFalse();
    }

    @Test
    void sinceIsInclusiveAndUntilExclusive() {
        DeadLetterFilter filter = DeadLetterFilter.parse(null, null, "2026-11-21T12:00:00Z", "2026-11-21T13:00:00Z");

        assertThat(filter.matches(entry("UNDECODABLE", "t", NOON.minusMillis(1))))
                .isFalse();
        assertThat(filter.matches(entry("UNDECODABLE", "t", NOON))).isTrue();
        assertThat(filter.matches(entry("UNDECODABLE", "t", NOON.plusSeconds(3599))))
                .isTrue();
        assertThat(filter.matches(entry("UNDECODABLE", "t", NOON.plusSeconds(3600))))
                .isFalse();
    }

    @Test
    void allConditionsMustHold() {
        DeadLetterFilter filter = DeadLetterFilter.parse("SCHEMA_MISMATCH", "orders", "2026-11-21T12:00:00Z", null);

        assertThat(filter.matches(entry("SCHEMA_MISMATCH", "orders", NOON))).isTrue();
        assertThat(filter.matches(entry("UNDECODABLE", "orders", NOON))).isFalse();
        assertThat(filter.matches(entry("SCHEMA_MISMATCH", "customers", NOON))).isFalse();
        assertThat(filter.matches(entry("SCHEMA_MISMATCH", "orders", NOON.minusSeconds(1))))
                .isFalse();
    }
}
