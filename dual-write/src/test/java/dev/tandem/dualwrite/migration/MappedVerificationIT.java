package dev.tandem.dualwrite.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.SecondaryStore;
import dev.tandem.core.control.Phase;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.Store;
import dev.tandem.core.mapping.ColumnMapping;
import dev.tandem.core.mapping.Conversion;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.mapping.TableMapping;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.DualWriterConfig;
import dev.tandem.testkit.EmbeddedServices;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Shadow reads and the cutover's key verification of a mapped table (MariaDB origin, PostgreSQL
 * target): table and columns renamed, a key widened, a local timestamp converted to a zoned one.
 */
class MappedVerificationIT {

    private final String database = "mapped_" + UUID.randomUUID().toString().substring(0, 8);
    private final DataSource origin = EmbeddedServices.mariaDb().dataSource(database);
    private final DataSource target = EmbeddedServices.postgres().dataSource(database);
    private final SchemaMapping mapping = SchemaMapping.of(List.of(new TableMapping(
            "legacy_orders",
            "orders",
            columns(
                    new ColumnMapping("id", "order_id", false, Conversion.WIDEN_INTEGER, null),
                    new ColumnMapping("qty", "quantity", false, Conversion.WIDEN_INTEGER, null),
                    new ColumnMapping(
                            "placed", null, false, Conversion.LOCAL_TIMESTAMP_TO_ZONED, ZoneId.of("Europe/Paris")),
                    new ColumnMapping("internal_flag", null, true, Conversion.NONE, null)))));

    @Test
    void keyVerificationFindsTheTargetRowOfARenamedTableAndComparesItsConvertedColumns() throws Exception {
        createTables();
        KeyVerification verification = new KeyVerification(rows(Set.of()));

        KeyVerification.Result result = verification.verify(
                Map.of("legacy_orders", List.of(Map.of("id", 1L), Map.of("id", 2L), Map.of("id", 3L))), Duration.ZERO);

        assertThat(result.checked()).isEqualTo(3);
        assertThat(result.differing()).containsExactly("legacy_orders {id=2}", "legacy_orders {id=3}");
    }

    @Test
    void shadowReadOfAMappedTableComparesTheTargetsRowAndServesTheOriginsByItsOwnNames() throws Exception {
        createTables();
        MigrationConfig config = MigrationConfig.custom("mapped")
                .stateDirectory(Files.createTempDirectory("tandem-mapped"))
                .mapping(mapping)
                .shadowRecheckDelay(Duration.ofMillis(1))
                .build();
        PhaseState shadowAll = PhaseState.initial("mapped", Phase.DUAL_WRITE, 0)
                .next(Phase.SHADOW_READ, 100, Store.ORIGIN, "test", java.time.Instant.now(), "test");
        try (DualWriter intoTarget = unusedWriter();
                DualWriter intoOrigin = unusedWriter();
                MigrationReads reads = new MigrationReads(
                        () -> shadowAll,
                        new MigrationStores(origin, target, intoTarget, intoOrigin),
                        rows(Set.of()),
                        config,
                        MigrationMetrics.NOOP)) {

            assertThat(reads.row("legacy_orders", Map.of("id", 1L)))
                    .hasValueSatisfying(row -> assertThat(row).containsEntry("qty", 5L));
            reads.shadowRow("legacy_orders", Map.of("id", 2L));
            assertThat(reads.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(reads.compared()).isEqualTo(2);
            assertThat(reads.mismatched()).isEqualTo(1);
        }
    }

    @Test
    void readsServedByTheTargetFindTheRowOfAMappedTableByTheOriginsKey() throws Exception {
        createTables();
        MigrationConfig config = MigrationConfig.custom("mapped")
                .stateDirectory(Files.createTempDirectory("tandem-mapped"))
                .mapping(mapping)
                .build();
        PhaseState readTarget = PhaseState.initial("mapped", Phase.DUAL_WRITE, 0)
                .next(Phase.READ_SECONDARY, 100, Store.ORIGIN, "test", java.time.Instant.now(), "test");
        try (DualWriter intoTarget = unusedWriter();
                DualWriter intoOrigin = unusedWriter();
                MigrationReads reads = new MigrationReads(
                        () -> readTarget,
                        new MigrationStores(origin, target, intoTarget, intoOrigin),
                        rows(Set.of()),
                        config,
                        MigrationMetrics.NOOP)) {

            assertThat(reads.row("legacy_orders", Map.of("id", 2L)))
                    .hasValueSatisfying(
                            row -> assertThat(row).containsEntry("order_id", 2L).containsEntry("quantity", 8L));
            assertThat(reads.row("legacy_orders", Map.of("id", 3L))).isEmpty();
            assertThat(reads.fallbacks()).isZero();
        }
    }

    @Test
    void ignoredColumnsAreLeftOutOfTheComparisonOfAMappedTable() throws Exception {
        createTables();
        KeyVerification verification = new KeyVerification(rows(Set.of("qty")));

        KeyVerification.Result result =
                verification.verify(Map.of("legacy_orders", List.of(Map.of("id", 2L))), Duration.ZERO);

        assertThat(result.differing()).isEmpty();
    }

    private MigrationRows rows(Set<String> ignored) {
        return new MigrationRows(origin, target, mapping, ignored);
    }

    private void createTables() throws SQLException {
        execute(
                origin,
                "CREATE TABLE legacy_orders (id INT PRIMARY KEY, qty INT NOT NULL, placed DATETIME NOT NULL,"
                        + " internal_flag INT NOT NULL)",
                "INSERT INTO legacy_orders VALUES (1, 5, '2024-07-01 12:00:00', 1), (2, 7, '2024-07-01 12:00:00', 1),"
                        + " (3, 9, '2024-07-01 12:00:00', 1)");
        execute(
                target,
                "CREATE TABLE orders (order_id BIGINT PRIMARY KEY, quantity BIGINT NOT NULL,"
                        + " placed TIMESTAMPTZ NOT NULL)",
                // 12:00 in Paris in July is 10:00 UTC; row 2's quantity differs, row 3 is missing.
                "INSERT INTO orders VALUES (1, 5, '2024-07-01 10:00:00+00'), (2, 8, '2024-07-01 10:00:00+00')");
    }

    /** A writer the reads never use (MigrationStores wants one into each store). */
    private DualWriter unusedWriter() {
        return DualWriter.of(SecondaryStore.of(target), (mutation, reason, cause) -> {}, DualWriterConfig.ofDefaults());
    }

    private static Map<String, ColumnMapping> columns(ColumnMapping... columns) {
        Map<String, ColumnMapping> byName = new LinkedHashMap<>();
        for (ColumnMapping column : columns) {
            byName.put(column.primaryName(), column);
        }
        return byName;
    }

    private static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
