package dev.tandem.dualwrite.outbox;

import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import dev.tandem.core.schema.AppliedMigration;
import dev.tandem.testkit.EmbeddedDatabase.Engine;
import dev.tandem.testkit.EmbeddedServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The outbox table under its versioned migrations, on both engines as primary. */
class OutboxMigrationsIT {

    private static DataSource freshPrimary(Engine engine) {
        return EmbeddedServices.database(engine)
                .dataSource("outbox_" + UUID.randomUUID().toString().substring(0, 8));
    }

    /** The outbox table as Tandem created it before its tables had migrations. */
    private static String outboxOfOldCode(Engine engine) {
        return engine == Engine.MARIADB
                ? "CREATE TABLE IF NOT EXISTS `tandem_outbox` (seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
                        + " table_name VARCHAR(128) NOT NULL, row_key TEXT NOT NULL, payload LONGBLOB NOT NULL,"
                        + " version_from_seq BOOLEAN NOT NULL, created_at DATETIME(6) NOT NULL) ENGINE=InnoDB"
                : "CREATE TABLE IF NOT EXISTS \"tandem_outbox\" (seq BIGSERIAL PRIMARY KEY,"
                        + " table_name VARCHAR(128) NOT NULL, row_key TEXT NOT NULL, payload BYTEA NOT NULL,"
                        + " version_from_seq BOOLEAN NOT NULL, created_at TIMESTAMP(6) NOT NULL)";
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anOutboxMadeByTheOldCodeIsAdoptedAndItsRowsAreStillRelayed(Engine engine) throws Exception {
        DataSource primary = freshPrimary(engine);
        Mutation left =
                Mutation.upsert("accounts").key("id", 1).column("owner", "a").build();
        try (Connection c = primary.getConnection();
                Statement s = c.createStatement()) {
            s.execute(outboxOfOldCode(engine));
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO tandem_outbox"
                    + " (table_name, row_key, payload, version_from_seq, created_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, left.table());
                insert.setString(2, left.rowKey());
                insert.setBytes(3, MutationCodec.encode(left));
                insert.setBoolean(4, false);
                insert.setObject(5, LocalDateTime.now(ZoneOffset.UTC).minusMinutes(5));
                insert.executeUpdate();
            }
        }
        List<Mutation> relayed = new CopyOnWriteArrayList<>();
        execute(primary, "CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL)");

        try (Outbox outbox = new Outbox(
                primary, Outbox.DEFAULT_TABLE, Duration.ofMinutes(1), Duration.ofMillis(100), 20, relayed::add)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (relayed.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(relayed).extracting(Mutation::writeId).containsExactly(left.writeId());

            // The migrated table takes lean rows beside the old ones; the relay reads their row again.
            try (Connection c = primary.getConnection();
                    Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.executeUpdate("INSERT INTO accounts VALUES (2, 'bea')");
                outbox.append(
                        c,
                        Mutation.upsert("accounts")
                                .key("id", 2L)
                                .column("owner", "b")
                                .version(4)
                                .build(),
                        false);
                c.commit();
            }
            assertThat(outbox.drain(Duration.ofSeconds(30))).isTrue();
        }

        assertThat(relayed).hasSize(2);
        assertThat(relayed.get(1).rowKey()).isEqualTo("id=2");
        assertThat(relayed.get(1).version()).isEqualTo(4);
        assertThat(relayed.get(1).columns()).containsEntry("owner", "bea");
        assertThat(history(primary, Outbox.DEFAULT_TABLE)).containsExactly(1, 2);
        assertThat(count(primary, Outbox.DEFAULT_TABLE)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aConfiguredOutboxTableGetsItsTableAndHistory(Engine engine) throws Exception {
        DataSource primary = freshPrimary(engine);

        try (Outbox outbox =
                new Outbox(primary, "orders_outbox", Duration.ofHours(1), Duration.ofHours(1), 20, m -> true)) {
            assertThat(outbox.depth()).isZero();
        }

        assertThat(OutboxSql.migrations("orders_outbox").historyTable()).isEqualTo("orders_outbox_schema_history");
        assertThat(history(primary, "orders_outbox")).containsExactly(1, 2);
        assertThat(count(primary, "orders_outbox")).isZero();
    }

    private static List<Integer> history(DataSource primary, String table) throws SQLException {
        try (Connection c = primary.getConnection()) {
            return OutboxSql.migrations(table).history(c).stream()
                    .map(AppliedMigration::version)
                    .toList();
        }
    }

    private static long count(DataSource primary, String table) throws SQLException {
        try (Connection c = primary.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
