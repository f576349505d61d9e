package dev.tandem.retry.dlt;

import dev.tandem.retry.apply.DeadLetterReason;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which dead letters an operation concerns; empty sets and null bounds match everything.
 *
 * @param reasons dead-letter reasons to match
 * @param tables tables to match
 * @param since dead-lettered at or after
 * @param until dead-lettered before
 */
public record DeadLetterFilter(Set<String> reasons, Set<String> tables, Instant since, Instant until) {

    /** Matches every dead letter. */
    public static final DeadLetterFilter ALL = new DeadLetterFilter(Set.of(), Set.of(), null, null);

    public DeadLetterFilter {
        reasons = reasons == null ? Set.of() : Set.copyOf(reasons);
        tables = tables == null ? Set.of() : Set.copyOf(tables);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since (" + since + ") must be before until (" + until + ")");
        }
    }

    /**
     * A filter from operator input: comma-separated reasons and tables, ISO-8601 instants; null or
     * blank for "any".
     *
     * @throws IllegalArgumentException naming the parameter and the accepted values
     */
    public static DeadLetterFilter parse(String reasons, String tables, String since, String until) {
        Set<String> reasonSet = split(reasons);
        for (String reason : reasonSet) {
            if (Arrays.stream(DeadLetterReason.values()).noneMatch(r -> r.name().equals(reason))) {
                throw new IllegalArgumentException(
                        "reason '" + reason + "' is not one of " + Arrays.toString(DeadLetterReason.values()));
            }
        }
        return new DeadLetterFilter(reasonSet, split(tables), instant("since", since), instant("until", until));
    }

    private static Set<String> split(String list) {
        if (list == null || list.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    private static Instant instant(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    name + " '" + text + "' is not an ISO-8601 instant such as 2026-11-21T08:00:00Z");
        }
    }

    public boolean matches(DeadLetterEntry entry) {
        return (reasons.isEmpty() || reasons.contains(entry.reason()))
                && (tables.isEmpty() || tables.contains(entry.table()))
                && (since == null || !entry.deadLetteredAt().isBefore(since))
                && (until == null || entry.deadLetteredAt().isBefore(until));
    }
}
