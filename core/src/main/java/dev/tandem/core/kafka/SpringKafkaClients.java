package dev.tandem.core.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.SslConfigs;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.autoconfigure.kafka.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * {@link KafkaClients} from Spring Boot's {@code spring.kafka.*}, each kind of client with its own
 * properties and with the SSL bundle that {@code spring.kafka.<kind>.ssl.bundle}, else
 * {@code spring.kafka.ssl.bundle}, names. Spring Boot applies that bundle only to the clients it
 * makes itself ({@code KafkaProperties.build*Properties} leaves it out), so Tandem's clients apply it
 * here the way Spring Boot does.
 */
public final class SpringKafkaClients {

    private SpringKafkaClients() {}

    /**
     * @param sslBundles the application's SSL bundles; may be null where no bundle is named
     * @throws IllegalStateException if a bundle is named but there are no SSL bundles, or none of that name
     */
    public static KafkaClients of(KafkaProperties kafka, SslBundles sslBundles) {
        return KafkaClients.of(
                withBundle(
                        kafka.buildProducerProperties(sslBundles),
                        bundle(kafka.getProducer().getSsl(), kafka, sslBundles, "spring.kafka.producer.ssl.bundle")),
                withBundle(
                        kafka.buildConsumerProperties(sslBundles),
                        bundle(kafka.getConsumer().getSsl(), kafka, sslBundles, "spring.kafka.consumer.ssl.bundle")),
                withBundle(
                        kafka.buildAdminProperties(sslBundles),
                        bundle(kafka.getAdmin().getSsl(), kafka, sslBundles, "spring.kafka.admin.ssl.bundle")));
    }

    private static SslBundle bundle(KafkaProperties.Ssl kind, KafkaProperties kafka, SslBundles bundles, String key) {
        String name = kind.getBundle();
        if (name == null || name.isEmpty()) {
            name = kafka.getSsl().getBundle();
            key = "spring.kafka.ssl.bundle";
        }
        if (name == null || name.isEmpty()) {
            return null;
        }
        if (bundles == null) {
            throw new IllegalStateException(
                    key + " names SSL bundle '" + name + "' but the application has no SSL bundles");
        }
        try {
            return bundles.getBundle(name);
        } catch (RuntimeException e) {
            throw new IllegalStateException(key + " names SSL bundle '" + name + "', which is not configured", e);
        }
    }

    private static Map<String, Object> withBundle(Map<String, Object> properties, SslBundle bundle) {
        if (bundle == null) {
            return properties;
        }
        Map<String, Object> with = new HashMap<>(properties);
        with.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
        with.put(SslBundle.class.getName(), bundle);
        return with;
    }
}
