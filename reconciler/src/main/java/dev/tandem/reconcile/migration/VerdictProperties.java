package dev.tandem.reconcile.migration;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Publishing each run's verdict to the migration control topic, under {@code tandem.reconciler.migration}:
 * the cutover's "last reconcile clean" gate reads it there.
 *
 * @param name the migration the reconciled stores belong to; no verdict is published when unset
 * @param controlTopic the control topic
 */
@ConfigurationProperties("tandem.reconciler.migration")
@Validated
public record VerdictProperties(String name, @DefaultValue("tandem.control") @NotBlank String controlTopic) {}
