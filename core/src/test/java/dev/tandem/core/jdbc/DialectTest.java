package dev.tandem.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DialectTest {

    private static final String EVIL = "x\"; DROP TABLE t; --`";

    @Test
    void identifiersWithQuotesStayOneIdentifier() {
        assertThat(PostgresDialect.INSTANCE.quote(EVIL)).isEqualTo("\"x\"\"; DROP TABLE t; --`\"");
        assertThat(MySqlDialect.INSTANCE.quote(EVIL)).isEqualTo("`x\"; DROP TABLE t; --```");
    }

    @Test
    void mysqlReadsFractionalSecondsFromTheDisplaySize() {
        assertThat(MySqlDialect.INSTANCE
                        .describe("a", java.sql.Types.TIMESTAMP, "DATETIME", 26, 0, true)
                        .scale())
                .isEqualTo(6);
        assertThat(MySqlDialect.INSTANCE
                        .describe("a", java.sql.Types.TIMESTAMP, "DATETIME", 19, 0, true)
                        .scale())
                .isZero();
        assertThat(MySqlDialect.INSTANCE
                        .describe("a", java.sql.Types.TIME, "TIME", 15, 0, true)
                        .scale())
                .isEqualTo(6);
    }

    @Test
    void mysqlTinyintOneIsBoolean() {
        assertThat(MySqlDialect.INSTANCE
                        .describe("a", java.sql.Types.BIT, "BIT", 1, 0, true)
                        .kind())
                .isEqualTo(ColumnKind.BOOLEAN);
    }

    @Test
    void upsertsMatchOnThePrimaryKeyAndBindEveryValue() {
        Column id = PostgresDialect.INSTANCE.describe("id", java.sql.Types.BIGINT, "int8", 19, 0, false);
        Column name = PostgresDialect.INSTANCE.describe("name", java.sql.Types.VARCHAR, "varchar", 10, 0, true);
        Table table = new Table("users", List.of(id, name), List.of(id), false);

        assertThat(PostgresDialect.INSTANCE.upsert(table, List.of(id, name), 2))
                .isEqualTo(
                        "INSERT INTO \"users\" (\"id\", \"name\") VALUES (?, ?), (?, ?) ON CONFLICT (\"id\") DO UPDATE SET \"name\" = EXCLUDED.\"name\"");
        assertThat(MySqlDialect.INSTANCE.upsert(table, List.of(id, name), 1))
                .isEqualTo(
                        "INSERT INTO `users` (`id`, `name`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `name` = VALUES(`name`)");
    }

    @Test
    void mysqlUpsertIsNotUsedWhenAnotherUniqueKeyCouldMatch() {
        Table withUniqueEmail = new Table("users", List.of(), List.of(), true);

        assertThat(MySqlDialect.INSTANCE.upsertMatchesOnlyThePrimaryKey(withUniqueEmail))
                .isFalse();
        assertThat(PostgresDialect.INSTANCE.upsertMatchesOnlyThePrimaryKey(withUniqueEmail))
                .isTrue();
    }

    @Test
    void textKeysAreOrderedByTheirBytesNotTheirCollation() {
        assertThat(MySqlDialect.INSTANCE.inByteOrder("`name`")).isEqualTo("CAST(`name` AS BINARY)");
        assertThat(PostgresDialect.INSTANCE.inByteOrder("\"name\"")).isEqualTo("\"name\" COLLATE \"C\"");
    }

    @Test
    void connectorJStreamsOnlyAtItsSentinelFetchSizeAndPgjdbcByCursorPages() {
        assertThat(MySqlDialect.INSTANCE.streamingFetchSize()).isEqualTo(Integer.MIN_VALUE);
        assertThat(PostgresDialect.INSTANCE.streamingFetchSize()).isEqualTo(5_000);
    }

    @Test
    void rowEstimatesComeFromEachEnginesStatisticsForOneBoundTableName() {
        assertThat(MySqlDialect.INSTANCE.estimatedRowCount())
                .contains("information_schema.TABLES")
                .contains("TABLE_SCHEMA = DATABASE()")
                .containsOnlyOnce("?");
        assertThat(PostgresDialect.INSTANCE.estimatedRowCount())
                .contains("pg_class")
                .contains("current_schema()")
                .containsOnlyOnce("?");
    }

    @Test
    void mysqlDropsAnIndexOfItsTablePostgresqlByNameAlone() {
        assertThat(MySqlDialect.INSTANCE.dropIndex(EVIL, "orders"))
                .isEqualTo("DROP INDEX `x\"; DROP TABLE t; --``` ON `orders`");
        assertThat(PostgresDialect.INSTANCE.dropIndex("orders_by_day", "orders"))
                .isEqualTo("DROP INDEX \"orders_by_day\"");
    }

    @Test
    void onlyMysqlSessionsAreAskedForTheirTimeZone() {
        assertThat(MySqlDialect.INSTANCE.sessionTimeZones()).hasValue("SELECT @@session.time_zone, @@system_time_zone");
        assertThat(PostgresDialect.INSTANCE.sessionTimeZones()).isEmpty();
    }
}
