package dev.tandem.reconcile;

import static dev.tandem.testkit.Jdbc.execute;

import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.StorePair;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A MariaDB primary and a PostgreSQL secondary that went through dual writes (the secondary's rows
 * were applied through the fence), then drifted: six known differences in two tables, one of them
 * in a masked column.
 */
final class StoresFixture {

    /** The card number of payment 8 on the primary: masked, so it must never show in a report. */
    static final String SECRET_CARD = "4111222233334444";
    /** The services' HTTP basic password (user {@code operator}), as an operator configures it. */
    static final String OPERATOR_PASSWORD = "reconciler-operator-secret";

    final StorePair pair = StorePair.fresh("svc");
    final String id = pair.id;
    final String database = pair.database;
    final DataSource primary = pair.primary;
    final DataSource secondary = pair.secondary;
    final EmbeddedKafka kafka = pair.kafka();
    final String topic = pair.topic;
    final String group = pair.group;

    /** Both stores equal, the secondary written through the fence. */
    void seed() throws SQLException {
        execute(
                primary,
                "CREATE TABLE payments (id BIGINT PRIMARY KEY, version BIGINT NOT NULL, amount DECIMAL(12,2),"
                        + " card_number VARCHAR(20), note VARCHAR(100) CHARACTER SET utf8mb4)");
        execute(
                secondary,
                "CREATE TABLE payments (id BIGINT PRIMARY KEY, version BIGINT NOT NULL, amount NUMERIC(12,2),"
                        + " card_number TEXT, note TEXT)");
        execute(primary, "CREATE TABLE notes (code VARCHAR(20) CHARACTER SET utf8mb4 PRIMARY KEY, body TEXT)");
        execute(secondary, "CREATE TABLE notes (code TEXT PRIMARY KEY, body TEXT)");
        List<Mutation> writes = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            String card = i == 8 ? SECRET_CARD : "4000" + String.format("%012d", i);
            execute(
                    primary,
                    "INSERT INTO payments VALUES (" + i + ", 1, " + i + ".25, '" + card + "', 'دفعة " + i + " 💳')");
            writes.add(Mutation.upsert("payments")
                    .key("id", i)
                    .version(1)
                    .column("version", 1)
                    .column("amount", new BigDecimal(i + ".25"))
                    .column("card_number", card)
                    .column("note", "دفعة " + i + " 💳")
                    .build());
        }
        for (int i = 1; i <= 10; i++) {
            execute(primary, "INSERT INTO notes VALUES ('n-" + i + "', 'note " + i + "')");
            // No version column: the application's writes were versioned otherwise (here: 3).
            writes.add(Mutation.upsert("notes")
                    .key("code", "n-" + i)
                    .version(3)
                    .column("body", "note " + i)
                    .build());
        }
        SecondaryStore.of(secondary).applyAll(writes);
    }

    /** Six differences: a lost write, drift at the same version, a lost row, an extra row, a lost delete. */
    void drift() throws SQLException {
        execute(primary, "UPDATE payments SET amount = 70.00, version = 2 WHERE id = 7"); // never reached the secondary
        execute(secondary, "UPDATE payments SET card_number = '0000000000000000' WHERE id = 8");
        execute(secondary, "DELETE FROM payments WHERE id = 9");
        execute(secondary, "INSERT INTO payments VALUES (1000, 1, 1.00, '4999000000000000', 'extra')");
        execute(secondary, "UPDATE notes SET body = 'edited by hand' WHERE code = 'n-3'");
        execute(primary, "DELETE FROM notes WHERE code = 'n-4'"); // the delete never reached the secondary
    }

    /** The reconciler's configuration for these stores. */
    Map<String, String> reconcilerProperties() {
        Map<String, String> properties = pair.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.tables[0].name", "payments");
        properties.put("tandem.reconciler.tables[0].masked-columns", "card_number");
        properties.put("tandem.reconciler.tables[0].version-column", "version");
        properties.put("tandem.reconciler.tables[1].name", "notes");
        properties.put("tandem.reconciler.settle", "200ms");
        properties.put("tandem.reconciler.retry-topic", topic);
        properties.put("tandem.reconciler.retry-consumer-group", group);
        properties.put("tandem.reconciler.repair-verify-timeout", "60s");
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("tandem.security.password", OPERATOR_PASSWORD);
        return properties;
    }

    /** The retry consumer's configuration, draining {@link #topic} into the secondary. */
    Map<String, String> retryConsumerProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("spring.kafka.consumer.group-id", group);
        properties.putAll(pair.secondaryAsDataSource());
        properties.put("tandem.retry.topic", topic);
        properties.put("tandem.retry.dead-letter-topic", topic + ".dlt");
        properties.put("tandem.retry.lag.enabled", "false");
        properties.put("tandem.security.password", OPERATOR_PASSWORD);
        properties.put("server.port", "0");
        return properties;
    }

    static String[] arguments(Map<String, String> properties, String... first) {
        return StorePair.arguments(properties, first);
    }

    /** The rows of {@code table} in {@code dataSource}, as text, by key. */
    static Map<String, String> rows(DataSource dataSource, String table, String key) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " ORDER BY " + key)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 2; i <= columns; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.put(rs.getString(1), row.toString());
            }
        }
        return rows;
    }
}
