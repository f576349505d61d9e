package dev.tandem.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A migration's two stores in fresh databases of the same name: a MariaDB primary and a PostgreSQL
 * secondary, with a retry topic and consumer group of their own on the embedded broker, so tests
 * never see each other's rows or records.
 */
public final class StorePair {

    /** A short name unique to this pair, in its database, topic and group names. */
    public final String id = UUID.randomUUID().toString().substring(0, 8);

    public final String database;
    public final EmbeddedDatabase mariaDb = EmbeddedServices.mariaDb();
    public final EmbeddedDatabase postgres = EmbeddedServices.postgres();
    public final DataSource primary;
    public final DataSource secondary;
    /** The pair's retry topic, created with {@link #TOPIC_PARTITIONS} partitions on first use of {@link #kafka()}. */
    public final String topic = "tandem.retry." + id;
    /** The retry consumer group that drains {@link #topic}. */
    public final String group = "retry-" + id;

    /** Partitions of the pair's retry topic. */
    public static final int TOPIC_PARTITIONS = 3;

    private EmbeddedKafka kafka;

    private StorePair(String prefix) {
        this.database = prefix + "_" + id;
        this.primary = mariaDb.dataSource(database);
        this.secondary = postgres.dataSource(database);
    }

    /** Two fresh databases named {@code prefix_<id>}; no topic yet. */
    public static StorePair fresh(String prefix) {
        return new StorePair(prefix);
    }

    /** The embedded broker, with the pair's retry topic created. */
    public synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = EmbeddedServices.kafka();
            kafka.createTopic(topic, TOPIC_PARTITIONS);
        }
        return kafka;
    }

    /**
     * The stores' connection settings under {@code prefix}: {@code prefix.primary.url}, {@code
     * .username}, {@code .password} and the same for {@code .secondary}, e.g. {@code tandem.reconciler}.
     */
    public Map<String, String> storeProperties(String prefix) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(prefix + ".primary.url", mariaDb.jdbcUrl(database));
        properties.put(prefix + ".primary.username", mariaDb.username());
        properties.put(prefix + ".primary.password", mariaDb.password());
        properties.put(prefix + ".secondary.url", postgres.jdbcUrl(database));
        properties.put(prefix + ".secondary.username", postgres.username());
        properties.put(prefix + ".secondary.password", postgres.password());
        return properties;
    }

    /** The secondary as {@code spring.datasource.*}: how the retry consumer is pointed at it. */
    public Map<String, String> secondaryAsDataSource() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", postgres.jdbcUrl(database));
        properties.put("spring.datasource.username", postgres.username());
        properties.put("spring.datasource.password", postgres.password());
        return properties;
    }

    /** {@code first}, then each property as {@code --key=value}: a command line or a Spring application's arguments. */
    public static String[] arguments(Map<String, String> properties, String... first) {
        List<String> arguments = new ArrayList<>(List.of(first));
        properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return arguments.toArray(String[]::new);
    }
}
