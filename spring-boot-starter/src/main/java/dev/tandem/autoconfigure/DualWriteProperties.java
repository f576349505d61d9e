package dev.tandem.autoconfigure;

import dev.tandem.core.config.Redaction;
import dev.tandem.dualwrite.WriteMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the dual-write library, under {@code tandem.dualwrite}.
 *
 * @param enabled whether writes are dual-written at all
 * @param mode INLINE (the committing thread writes the secondary) or ASYNC (a bounded executor does)
 * @param statementTimeout bound on each statement against the secondary (whole seconds)
 * @param fenceTable the table in the secondary holding the version fence
 * @param secondary how to reach the secondary database
 * @param async the executor of ASYNC mode
 * @param circuitBreaker when to stop trying the secondary and send writes straight to Kafka
 * @param bulkhead how many applies may run against the secondary at once
 * @param kafka the retry topic
 * @param spool the local spool used while Kafka is unreachable
 * @param tables tables whose JPA entity writes are captured (besides entities annotated {@code @DualWrite})
 * @param crashSafe whether every captured write is also recorded in an outbox table in the primary,
 *     inside the primary transaction, so that a crash between commit and apply loses nothing
 * @param outbox the outbox of crash-safe mode
 */
@ConfigurationProperties("tandem.dualwrite")
@Validated
public record DualWriteProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("ASYNC") WriteMode mode,
        @DefaultValue("5s") Duration statementTimeout,
        @DefaultValue("tandem_fence") String fenceTable,
        @DefaultValue Secondary secondary,
        @DefaultValue Async async,
        @DefaultValue CircuitBreaker circuitBreaker,
        @DefaultValue Bulkhead bulkhead,
        @DefaultValue Kafka kafka,
        @DefaultValue Spool spool,
        @DefaultValue List<Table> tables,
        @DefaultValue("false") boolean crashSafe,
        @DefaultValue Outbox outbox) {

    /**
     * The secondary database: either the name of a DataSource bean, or a URL for a pool of Tandem's own.
     *
     * @param dataSourceBean name of a DataSource bean to use as the secondary
     * @param url JDBC URL of the secondary (when no bean is named)
     * @param username user for {@code url}
     * @param password password for {@code url}
     * @param maximumPoolSize connections in Tandem's own pool
     * @param connectionTimeout how long to wait for a connection before the write goes to Kafka
     */
    public record Secondary(
            String dataSourceBean,
            String url,
            String username,
            String password,
            @DefaultValue("10") int maximumPoolSize,
            @DefaultValue("2s") Duration connectionTimeout) {

        /** The settings, the password and any secret in the URL masked. */
        @Override
        public String toString() {
            return Redaction.toString(this);
        }
    }

    /**
     * @param threads threads applying writes in ASYNC mode
     * @param queueCapacity writes waiting for them before the next goes to Kafka
     * @param linger how long a worker that took a write waits for more to apply them as one batch
     * @param shutdownTimeout how long shutdown waits for queued writes before handing them to Kafka
     */
    public record Async(
            @DefaultValue("2") int threads,
            @DefaultValue("10000") int queueCapacity,
            @DefaultValue("2ms") Duration linger,
            @DefaultValue("10s") Duration shutdownTimeout) {}

    /**
     * The circuit breaker counts applies, that is transactions against the secondary: one per write
     * in INLINE mode, one per batch of queued writes in ASYNC mode.
     *
     * @param failureRateThreshold percentage of failed or slow applies that opens the circuit
     * @param slowCallThreshold an apply slower than this counts as slow
     * @param slidingWindowSize applies the rate is computed over
     * @param minimumNumberOfCalls applies needed before the circuit may open
     * @param waitInOpenState how long the circuit stays open before trial applies
     * @param permittedCallsInHalfOpenState trial applies while half open
     */
    public record CircuitBreaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("2s") Duration slowCallThreshold,
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("10") int minimumNumberOfCalls,
            @DefaultValue("10s") Duration waitInOpenState,
            @DefaultValue("3") int permittedCallsInHalfOpenState) {}

    /** @param maxConcurrentApplies applies running against the secondary at once, at most */
    public record Bulkhead(@DefaultValue("16") int maxConcurrentApplies) {}

    /**
     * @param bootstrapServers Kafka brokers; {@code spring.kafka.bootstrap-servers} when empty
     * @param topic the retry topic
     * @param maxBlock how long a hand-off may wait for Kafka before it spools
     * @param deliveryTimeout how long a record may take to be acknowledged before it is spooled
     * @param producer further producer properties (security, compression …)
     */
    public record Kafka(
            String bootstrapServers,
            @DefaultValue("tandem.retry") String topic,
            @DefaultValue("1s") Duration maxBlock,
            @DefaultValue("10s") Duration deliveryTimeout,
            @DefaultValue Map<String, String> producer) {

        /** The settings, secret producer properties (SSL and SASL passwords, JAAS configuration) masked. */
        @Override
        public String toString() {
            return Redaction.toString(this);
        }
    }

    /**
     * @param directory where records wait while Kafka is unreachable
     * @param maxSize the spool's bound; past it writes reaching neither store are refused loudly
     * @param replayInterval how often the spool is replayed and Kafka probed
     */
    public record Spool(
            @DefaultValue("tandem-spool") Path directory,
            @DefaultValue("256MB") DataSize maxSize,
            @DefaultValue("1s") Duration replayInterval) {}

    /**
     * @param table the outbox table in the primary, created when missing
     * @param relayAge rows older than this are published by the relay (their direct apply is presumed lost)
     * @param relayInterval how often the relay looks
     * @param relayBatch rows the relay publishes per pass, at most
     * @param primaryDataSourceBean name of the primary DataSource bean, if the application has several
     */
    public record Outbox(
            @DefaultValue("tandem_outbox") String table,
            @DefaultValue("10s") Duration relayAge,
            @DefaultValue("1s") Duration relayInterval,
            @DefaultValue("500") int relayBatch,
            String primaryDataSourceBean) {}

    /**
     * A table whose entity writes are captured.
     *
     * @param name the table name as mapped by the entity
     * @param versionColumn the column holding the row version when the entity has no {@code @Version}
     */
    public record Table(String name, String versionColumn) {}
}
