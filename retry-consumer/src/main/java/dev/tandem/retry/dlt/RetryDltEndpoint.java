package dev.tandem.retry.dlt;

import java.time.Instant;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.lang.Nullable;

/**
 * {@code /actuator/retrydlt}: the dead-letter topic for operators. GET lists counts by reason and
 * table; GET {@code /{partition}/{offset}} shows one record; POST replays (a dry run unless
 * {@code dryRun=false}); DELETE purges. Filters: {@code reason}, {@code table} (comma-separated),
 * {@code since}, {@code until} (ISO-8601).
 */
@Endpoint(id = "retrydlt")
public final class RetryDltEndpoint {

    private final DeadLetterTopic deadLetters;
    private final DeadLetterReplayer replayer;

    public RetryDltEndpoint(DeadLetterTopic deadLetters, DeadLetterReplayer replayer) {
        this.deadLetters = deadLetters;
        this.replayer = replayer;
    }

    @ReadOperation
    public DeadLetterSummary list(
            @Nullable String reason, @Nullable String table, @Nullable String since, @Nullable String until) {
        return deadLetters.summary(filter(reason, table, since, until));
    }

    @ReadOperation
    public DeadLetterView show(@Selector int partition, @Selector long offset) {
        return deadLetters
                .find(partition, offset)
                .map(e -> DeadLetterView.of(e, deadLetters.name()))
                .orElse(null);
    }

    @WriteOperation
    public ReplayResult replay(
            @Nullable String reason,
            @Nullable String table,
            @Nullable String since,
            @Nullable String until,
            @Nullable Boolean dryRun,
            @Nullable Double rate) {
        return replayer.replay(filter(reason, table, since, until), dryRun == null || dryRun, rate == null ? 0 : rate);
    }

    @DeleteOperation
    public PurgeResult purge(@Nullable String until) {
        Instant bound = filter(null, null, null, until).until();
        return new PurgeResult(deadLetters.name(), deadLetters.purge(bound));
    }

    private static DeadLetterFilter filter(String reason, String table, String since, String until) {
        try {
            return DeadLetterFilter.parse(reason, table, since, until);
        } catch (IllegalArgumentException e) {
            throw new InvalidEndpointRequestException(e.getMessage(), e.getMessage());
        }
    }

    /**
     * @param topic the dead-letter topic
     * @param deleted records deleted
     */
    public record PurgeResult(String topic, long deleted) {}
}
