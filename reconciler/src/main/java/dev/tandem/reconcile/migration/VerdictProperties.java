package dev.tandem.reconcile.migration;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The migration the reconciled stores belong to, under {@code tandem.reconciler.migration}: each run's
 * verdict is published to its control topic (the cutover's "last reconcile clean" gate reads it
 * there), and each run reads its phase first: once the target is the primary ({@code REVERSED},
 * {@code DONE}), the run compares with the roles swapped, the configured secondary (the target) as
 * the primary, and reads pending keys from and publishes repairs to the reverse retry topic.
 *
 * @param name the migration; no verdict is published and the configured roles are kept when unset
 * @param controlTopic the control topic
 * @param reverseRetryTopic the retry topic of writes into the origin once the roles are swapped;
 *     {@code <tandem.reconciler.retry-topic>.reverse} when unset
 * @param reverseRetryConsumerGroup the consumer group draining it; {@code
 *     <tandem.reconciler.retry-consumer-group>-reverse} when unset
 */
@ConfigurationProperties("tandem.reconciler.migration")
@Validated
public record VerdictProperties(
        String name,
        @DefaultValue("tandem.control") @NotBlank String controlTopic,
        String reverseRetryTopic,
        String reverseRetryConsumerGroup) {}
