package dev.tandem.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.backfill.Backfill;
import dev.tandem.backfill.BackfillOptions;
import dev.tandem.backfill.BackfillResult;
import dev.tandem.backfill.BackfillTable;
import dev.tandem.backfill.DeferredIndex;
import dev.tandem.backfill.TableOutcome;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.source.TableSpec;
import dev.tandem.testkit.Jdbc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the backfill does around the rows: secondary indexes deferred for the copy and recreated
 * after it (also after a stopped run), and tables with foreign keys copied after the tables they
 * point to.
 */
class BackfillSchemaIT {

    private final BackfillStores stores = new BackfillStores();
    private final BackfillOptions options = BackfillOptions.custom()
            .workers(2)
            .chunkRows(2_000)
            .batchRows(200)
            .maxBatchRows(200)
            .verifySettle(Duration.ofMillis(200))
            .deferIndexes(true)
            .build();

    @Test
    void nonUniqueIndexesAreDroppedForTheCopyAndRecreatedEvenAfterAStoppedRun() throws Exception {
        stores.seedAccounts(20_000);
        Jdbc.execute(
                stores.secondary,
                "CREATE INDEX accounts_owner ON accounts (owner)",
                "CREATE INDEX accounts_balance_note ON accounts (balance DESC, note)",
                "CREATE UNIQUE INDEX accounts_note_unique ON accounts (id, note)");
        stores.checkpoints().create(); // for the stopper to watch from the start
        Backfill first = stores.backfill(options, SchemaMapping.NONE);
        Thread stopper = new Thread(() -> {
            try {
                while (stores.doneChunks("accounts").size() < 2) {
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            first.stop();
        });
        stopper.start();
        BackfillResult stopped = first.run(List.of(BackfillTable.of("accounts", "version")));
        stopper.join();

        assertThat(stopped.stopped()).isTrue();
        assertThat(indexes())
                .as("indexes while the backfill is unfinished")
                .containsExactly("accounts_note_unique", "accounts_pkey");
        assertThat(stores.checkpoints().deferred("accounts"))
                .extracting(DeferredIndex::name)
                .containsExactlyInAnyOrder("accounts_owner", "accounts_balance_note");

        BackfillResult resumed =
                stores.backfill(options, SchemaMapping.NONE).run(List.of(BackfillTable.of("accounts", "version")));

        assertThat(resumed.complete()).as(resumed.text()).isTrue();
        assertThat(resumed.tables().get(0).deferredIndexes())
                .containsExactlyInAnyOrder("accounts_owner", "accounts_balance_note");
        assertThat(resumed.text()).contains("indexes deferred and recreated");
        assertThat(indexes())
                .containsExactly("accounts_balance_note", "accounts_note_unique", "accounts_owner", "accounts_pkey");
        assertThat(indexDefinition("accounts_balance_note")).contains("(balance DESC, note)");
        assertThat(stores.checkpoints().deferred("accounts")).isEmpty();
    }

    @Test
    void tablesAreCopiedAfterTheTablesTheirForeignKeysPointTo() throws Exception {
        Jdbc.execute(
                stores.primary,
                "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(40), version BIGINT NOT NULL)",
                "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT NOT NULL, version BIGINT NOT NULL)");
        Jdbc.execute(
                stores.secondary,
                "CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT, version BIGINT NOT NULL)",
                "CREATE TABLE orders (id BIGINT PRIMARY KEY,"
                        + " customer_id BIGINT NOT NULL REFERENCES customers (id), version BIGINT NOT NULL)");
        List<String> inserts = new ArrayList<>();
        for (int i = 1; i <= 3_000; i++) {
            inserts.add("INSERT INTO customers VALUES (" + i + ", 'customer " + i + "', 1)");
            inserts.add("INSERT INTO orders VALUES (" + i + ", " + (3_001 - i) + ", 1)");
        }
        Jdbc.execute(stores.primary, inserts.toArray(String[]::new));

        // Listed dependents first: the order must come from depends-on, not from the list.
        BackfillResult result = stores.backfill(options, SchemaMapping.NONE)
                .run(List.of(
                        new BackfillTable(TableSpec.of("orders"), "version", List.of("customers")),
                        BackfillTable.of("customers", "version")));

        assertThat(result.complete()).as(result.text()).isTrue();
        assertThat(result.tables()).extracting(TableOutcome::table).containsExactly("customers", "orders");
        assertThat(BackfillStores.versions(stores.secondary, "orders")).hasSize(3_000);
    }

    private List<String> indexes() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = stores.secondary.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT indexname FROM pg_indexes WHERE tablename = 'accounts' ORDER BY indexname")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private String indexDefinition(String name) throws Exception {
        try (Connection connection = stores.secondary.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT indexdef FROM pg_indexes WHERE indexname = '" + name + "'")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
