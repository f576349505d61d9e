package dev.tandem.autoconfigure;

import dev.tandem.core.config.Redaction;
import dev.tandem.core.control.Phase;
import dev.tandem.core.control.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The migration this application's instance follows, under {@code tandem.dualwrite.migration}: its
 * JPA writes pass the migration's write gate and are dual-written only in the phases that dual-write.
 *
 * @param enabled whether the application follows a migration at all
 * @param name the migration's name on the control topic
 * @param store which store of the migration the application's DataSource (its JPA {@code
 *     EntityManager}) is: ORIGIN before the cutover, TARGET once redeployed onto the new primary;
 *     {@code tandem.dualwrite.secondary} is the other one
 * @param primaryDataSourceBean name of the primary DataSource bean, if the application has several
 * @param bootstrapServers Kafka brokers of the control topic; {@code tandem.dualwrite.kafka.bootstrap-servers},
 *     then {@code spring.kafka.bootstrap-servers} when empty
 * @param controlTopic the compacted control topic
 * @param auditTopic the audit topic; {@code <control-topic>.audit} when empty
 * @param client further Kafka client properties of the control topic (security …)
 * @param instance this instance's id on the control topic; host and process when empty
 * @param initialPhase the phase until the control topic or the state file says otherwise
 * @param stateDirectory where the last known phase is kept across restarts
 * @param maxWriteHold how long a cutover may hold this instance's writes at most
 * @param reportInterval how often the instance reports to the control topic
 * @param trackedKeys rows written since the last clean reconcile remembered for the cutover's check
 * @param shadowThreads threads comparing shadow reads
 * @param shadowQueue comparisons waiting for them; more are dropped and counted
 * @param shadowRecheckDelay how long after a shadow mismatch both rows are read again
 * @param ignoredColumns columns left out of shadow and cutover comparisons
 * @param endpoint whether a {@code MigrationControl} is created for the {@code tandemmigration}
 *     Actuator endpoint (it reads the control topic at start-up, so it needs Kafka then)
 * @param gates what the endpoint's cutover and rollback check
 * @param shadowRepositoryReads whether Spring Data repositories' {@code findById} of captured entities
 *     are shadow-read in {@code SHADOW_READ}
 */
@ConfigurationProperties("tandem.dualwrite.migration")
@Validated
public record DualWriteMigrationProperties(
        @DefaultValue("false") boolean enabled,
        String name,
        @DefaultValue("ORIGIN") Store store,
        String primaryDataSourceBean,
        String bootstrapServers,
        @DefaultValue("tandem.control") String controlTopic,
        String auditTopic,
        @DefaultValue Map<String, String> client,
        String instance,
        @DefaultValue("DUAL_WRITE") Phase initialPhase,
        @DefaultValue("tandem-state") Path stateDirectory,
        @DefaultValue("10s") Duration maxWriteHold,
        @DefaultValue("2s") Duration reportInterval,
        @DefaultValue("100000") int trackedKeys,
        @DefaultValue("2") int shadowThreads,
        @DefaultValue("1000") int shadowQueue,
        @DefaultValue("200ms") Duration shadowRecheckDelay,
        @DefaultValue Set<String> ignoredColumns,
        @DefaultValue("true") boolean endpoint,
        @DefaultValue Gates gates,
        @DefaultValue("true") boolean shadowRepositoryReads) {

    /** The settings, secret client properties (SSL and SASL passwords, JAAS configuration) masked. */
    @Override
    public String toString() {
        return Redaction.toString(this);
    }

    /**
     * @param retryTopics the retry topics of both directions and the consumer groups draining them:
     *     their lag must be 0
     * @param deadLetterTopics the dead-letter topics: they must be empty
     * @param maxMismatchRate the largest share of shadow reads that may have mismatched
     * @param requireReconcile whether a clean last reconcile verdict is required
     * @param instanceTimeout an instance that has not reported for this long is not live
     */
    public record Gates(
            @DefaultValue List<RetryTopic> retryTopics,
            @DefaultValue List<String> deadLetterTopics,
            @DefaultValue("0.001") double maxMismatchRate,
            @DefaultValue("true") boolean requireReconcile,
            @DefaultValue("10s") Duration instanceTimeout) {}

    /**
     * @param topic a retry topic
     * @param group the consumer group draining it
     */
    public record RetryTopic(String topic, String group) {}
}
