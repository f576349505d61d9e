package dev.tandem.reconcile.migration;

import dev.tandem.core.control.ControlTopic;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The verdict publisher, when {@code tandem.reconciler.migration.name} and Kafka are set. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VerdictProperties.class)
@ConditionalOnProperty({"tandem.reconciler.migration.name", "spring.kafka.bootstrap-servers"})
public class VerdictConfiguration {

    @Bean(destroyMethod = "close")
    ControlTopic reconcilerControlTopic(VerdictProperties properties, Environment environment) {
        return new ControlTopic(
                environment.getRequiredProperty("spring.kafka.bootstrap-servers"),
                properties.controlTopic(),
                null,
                Map.of());
    }

    @Bean
    VerdictPublisher verdictPublisher(VerdictProperties properties, ControlTopic reconcilerControlTopic) {
        return new VerdictPublisher(reconcilerControlTopic, properties.name());
    }
}
