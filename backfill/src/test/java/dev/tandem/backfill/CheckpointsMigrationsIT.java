package dev.tandem.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.schema.AppliedMigration;
import dev.tandem.testkit.EmbeddedDatabase.Engine;
import dev.tandem.testkit.EmbeddedServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The checkpoint tables under their versioned migrations, on both engines. */
class CheckpointsMigrationsIT {

    private static DataSource freshDatabase(Engine engine) {
        return EmbeddedServices.database(engine)
                .dataSource("chk_" + UUID.randomUUID().toString().substring(0, 8));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void checkpointTablesMadeByTheOldCodeAreAdoptedWithTheirRows(Engine engine) throws Exception {
        DataSource dataSource = freshDatabase(engine);
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            // The tables as Tandem created them before they had migrations.
            statement.execute("CREATE TABLE IF NOT EXISTS tandem_backfill_chunk (table_name VARCHAR(200) NOT NULL,"
                    + " chunk_no INT NOT NULL, after_key TEXT, up_to_key TEXT, planned_rows BIGINT NOT NULL,"
                    + " status VARCHAR(16) NOT NULL, rows_copied BIGINT NOT NULL, attempts INT NOT NULL,"
                    + " verification VARCHAR(16), differences BIGINT NOT NULL, run_id VARCHAR(64),"
                    + " finished_at BIGINT, PRIMARY KEY (table_name, chunk_no))");
            statement.execute(
                    "CREATE TABLE IF NOT EXISTS tandem_backfill_chunk_deferred (table_name VARCHAR(200)"
                            + " NOT NULL, index_name VARCHAR(200) NOT NULL, ddl TEXT NOT NULL, PRIMARY KEY (table_name, index_name))");
            statement.execute("INSERT INTO tandem_backfill_chunk (table_name, chunk_no, after_key, up_to_key,"
                    + " planned_rows, status, rows_copied, attempts, verification, differences, run_id, finished_at)"
                    + " VALUES ('orders', 0, NULL, NULL, 10, 'DONE', 10, 1, 'VERIFIED', 0, 'r1', 1000)");
            statement.execute("INSERT INTO tandem_backfill_chunk_deferred (table_name, index_name, ddl)"
                    + " VALUES ('orders', 'orders_by_owner', 'CREATE INDEX orders_by_owner ON orders (owner)')");
        }
        Checkpoints checkpoints = new Checkpoints(dataSource, "tandem_backfill_chunk");

        checkpoints.create();

        assertThat(checkpoints.chunks("orders")).singleElement().satisfies(chunk -> {
            assertThat(chunk.status()).isEqualTo(ChunkState.Status.DONE);
            assertThat(chunk.rowsCopied()).isEqualTo(10);
            assertThat(chunk.runId()).isEqualTo("r1");
        });
        assertThat(checkpoints.deferred("orders"))
                .extracting(DeferredIndex::name)
                .containsExactly("orders_by_owner");
        assertThat(history(dataSource, "tandem_backfill_chunk")).containsExactly(1, 2);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aConfiguredCheckpointTableGetsItsTablesAndHistory(Engine engine) throws Exception {
        DataSource dataSource = freshDatabase(engine);
        Checkpoints checkpoints = new Checkpoints(dataSource, "orders_chunks");

        checkpoints.create();
        checkpoints.create();

        assertThat(checkpoints.chunks("orders")).isEmpty();
        assertThat(checkpoints.deferred("orders")).isEmpty();
        assertThat(history(dataSource, "orders_chunks")).containsExactly(1, 2);
    }

    private static List<Integer> history(DataSource dataSource, String table) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return new Checkpoints(dataSource, table)
                    .migrations().history(connection).stream()
                            .map(AppliedMigration::version)
                            .toList();
        }
    }
}
