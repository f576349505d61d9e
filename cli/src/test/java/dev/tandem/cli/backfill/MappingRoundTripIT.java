package dev.tandem.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.ExitCode;
import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.Mutation;
import dev.tandem.core.mapping.MappingProperties;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.testkit.Jdbc;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * One schema mapping, declared once in configuration, used by all three parts: the primary's
 * {@code legacy_orders} becomes the secondary's {@code orders} (renamed table, an INT key and an INT
 * column widened to BIGINT, one of them renamed, UTF-8 stored as latin1 re-decoded, a tinyint(1)
 * flag as boolean, local Paris times as instants, one column dropped). Backfill copies through it,
 * a dual write with the primary's names lands through it, and the reconciler compares through it:
 * clean, and a planted difference is found.
 */
class MappingRoundTripIT {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final BackfillStores stores = new BackfillStores();

    @Test
    void renamedWidenedAndRedecodedColumnsRoundTripThroughBackfillDualWriteAndReconciler() throws Exception {
        createTables();
        for (int id = 1; id <= 500; id++) {
            insertPrimary(
                    id,
                    id * 3,
                    text(id),
                    id % 2,
                    LocalDateTime.of(2026, 3, 29, 1, 0).plusMinutes(id),
                    1);
        }
        Map<String, String> properties = properties();

        BackfillStores.Command backfill = BackfillStores.command(properties, "backfill");

        assertThat(backfill.status()).as(backfill.out()).isEqualTo(ExitCode.OK.code());
        assertThat(secondaryRow(7))
                .isEqualTo("21|" + text(7) + "|true|"
                        + LocalDateTime.of(2026, 3, 29, 1, 7).atZone(PARIS).toInstant() + "|1");
        assertThat(BackfillStores.command(properties, "run").status()).isEqualTo(ExitCode.OK.code());

        // A dual write, with the primary's names and values, through the same configured mapping.
        LocalDateTime placed = LocalDateTime.of(2026, 10, 25, 2, 30);
        insertPrimary(501, Integer.MAX_VALUE, "naïve ☕", 1, placed, 1);
        SchemaMapping mapping = new Binder(new MapConfigurationPropertySource(properties))
                .bind("tandem.mapping", MappingProperties.class)
                .get()
                .toSchemaMapping();
        ApplyOutcome applied = stores.store(mapping)
                .apply(Mutation.upsert("legacy_orders")
                        .key("id", 501)
                        .version(1)
                        .column("qty", Integer.MAX_VALUE)
                        .column("note", mojibake("naïve ☕"))
                        .column("paid", 1)
                        .column("placed_at", placed)
                        .column("internal_flag", 99)
                        .column("version", 1)
                        .build());

        assertThat(applied).isEqualTo(ApplyOutcome.APPLIED);
        assertThat(secondaryRow(501))
                .isEqualTo(Integer.MAX_VALUE + "|naïve ☕|true|"
                        + placed.atZone(PARIS).toInstant() + "|1");
        assertThat(BackfillStores.command(properties, "run").status()).isEqualTo(ExitCode.OK.code());

        Jdbc.execute(stores.secondary, "UPDATE orders SET note = 'naive' WHERE id = 501");
        BackfillStores.Command drifted = BackfillStores.command(properties, "run");

        assertThat(drifted.status()).isEqualTo(ExitCode.DIFFERENCES.code());
        assertThat(drifted.out()).contains("note");
    }

    @Test
    void aMappingThatDoesNotFitTheStoresIsRefusedAtStartNamingTheKey() throws Exception {
        createTables();
        Map<String, String> properties = properties();
        properties.put("tandem.mapping.tables[0].columns[0].secondary", "amount");

        BackfillStores.Command refused = BackfillStores.command(properties, "backfill");

        assertThat(refused.status()).isEqualTo(ExitCode.USAGE.code());
        assertThat(refused.err())
                .contains("tandem.mapping")
                .contains("column 'legacy_orders.qty' is mapped to 'orders.amount', which the secondary does not have");
    }

    private Map<String, String> properties() {
        Map<String, String> properties = stores.properties();
        properties.put("tandem.reconciler.tables[0].name", "legacy_orders");
        properties.put("tandem.reconciler.tables[0].version-column", "version");
        properties.put("tandem.backfill.workers", "2");
        properties.put("tandem.backfill.chunk-rows", "100");
        properties.put("tandem.backfill.verify-settle", "200ms");
        properties.put("tandem.mapping.tables[0].primary", "legacy_orders");
        properties.put("tandem.mapping.tables[0].secondary", "orders");
        properties.put("tandem.mapping.tables[0].columns[0].primary", "qty");
        properties.put("tandem.mapping.tables[0].columns[0].secondary", "quantity");
        properties.put("tandem.mapping.tables[0].columns[0].convert", "WIDEN_INTEGER");
        properties.put("tandem.mapping.tables[0].columns[1].primary", "id");
        properties.put("tandem.mapping.tables[0].columns[1].convert", "WIDEN_INTEGER");
        properties.put("tandem.mapping.tables[0].columns[2].primary", "note");
        properties.put("tandem.mapping.tables[0].columns[2].convert", "REDECODE_LATIN1_TO_UTF8");
        properties.put("tandem.mapping.tables[0].columns[3].primary", "paid");
        properties.put("tandem.mapping.tables[0].columns[3].convert", "TINYINT_TO_BOOLEAN");
        properties.put("tandem.mapping.tables[0].columns[4].primary", "placed_at");
        properties.put("tandem.mapping.tables[0].columns[4].convert", "LOCAL_TIMESTAMP_TO_ZONED");
        properties.put("tandem.mapping.tables[0].columns[4].zone", "Europe/Paris");
        properties.put("tandem.mapping.tables[0].columns[5].primary", "internal_flag");
        properties.put("tandem.mapping.tables[0].columns[5].drop", "true");
        return properties;
    }

    private void createTables() throws Exception {
        Jdbc.execute(
                stores.primary,
                "CREATE TABLE legacy_orders (id INT PRIMARY KEY, qty INT NOT NULL,"
                        + " note VARCHAR(100) CHARACTER SET latin1, paid TINYINT(1) NOT NULL,"
                        + " placed_at DATETIME(3) NOT NULL, internal_flag INT, version BIGINT NOT NULL)");
        Jdbc.execute(
                stores.secondary,
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, quantity BIGINT NOT NULL, note TEXT,"
                        + " paid BOOLEAN NOT NULL, placed_at TIMESTAMPTZ(3) NOT NULL, version BIGINT NOT NULL)");
    }

    /** A row as a UTF-8 application writing through a latin1 connection left it: UTF-8 bytes as latin1 text. */
    private void insertPrimary(int id, int qty, String text, int paid, LocalDateTime placed, long version)
            throws Exception {
        try (Connection connection = stores.primary.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO legacy_orders VALUES"
                        + " (?, ?, CAST(? AS CHAR CHARACTER SET latin1), ?, ?, ?, ?)")) {
            insert.setInt(1, id);
            insert.setInt(2, qty);
            insert.setBytes(3, text.getBytes(StandardCharsets.UTF_8));
            insert.setInt(4, paid);
            insert.setObject(5, placed);
            insert.setInt(6, id % 5);
            insert.setLong(7, version);
            insert.executeUpdate();
        }
    }

    /** {@code quantity|note|paid|placed_at (instant)|version} of the secondary's row {@code id}. */
    private String secondaryRow(long id) throws Exception {
        try (Connection connection = stores.secondary.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT quantity, note, paid, placed_at, version FROM orders WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("row %d in the secondary", id).isTrue();
                return row.getLong(1) + "|" + row.getString(2) + "|" + row.getBoolean(3) + "|"
                        + row.getObject(4, OffsetDateTime.class).toInstant() + "|" + row.getLong(5);
            }
        }
    }

    private static String text(int id) {
        return "Crème brûlée №" + id + " ☕ €";
    }

    /** What the primary's JDBC driver reads from such a column: each UTF-8 byte as a latin1 (cp1252) character. */
    private static String mojibake(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), java.nio.charset.Charset.forName("windows-1252"));
    }
}
