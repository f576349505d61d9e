package dev.tandem.retry.dlt;

import java.util.Map;

/**
 * How many dead letters there are, by reason and by table.
 *
 * @param topic the dead-letter topic
 * @param total dead letters matching the filter
 * @param byReason counts per reason
 * @param byTable counts per table
 */
public record DeadLetterSummary(String topic, long total, Map<String, Long> byReason, Map<String, Long> byTable) {

    public DeadLetterSummary {
        byReason = Map.copyOf(byReason);
        byTable = Map.copyOf(byTable);
    }
}
