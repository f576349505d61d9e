package dev.tandem.cli.backfill;

import static dev.tandem.testkit.Jdbc.execute;

import dev.tandem.backfill.Backfill;
import dev.tandem.backfill.BackfillOptions;
import dev.tandem.backfill.BackfillSides;
import dev.tandem.backfill.Checkpoints;
import dev.tandem.backfill.ChunkState;
import dev.tandem.cli.Tandem;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.pace.BusyProbe;
import dev.tandem.testkit.StorePair;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** A MariaDB primary and a PostgreSQL secondary in fresh databases, and what the backfill tests do with them. */
final class BackfillStores {

    final StorePair stores = StorePair.fresh("bf");
    final String database = stores.database;
    final DataSource primary = stores.primary;
    final DataSource secondary = stores.secondary;

    /** {@code accounts} in both stores, {@code rows} rows in the primary at version 1. */
    void seedAccounts(int rows) throws SQLException {
        execute(
                primary,
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(40) NOT NULL, balance BIGINT NOT NULL,"
                        + " note VARCHAR(60), version BIGINT NOT NULL)");
        execute(
                secondary,
                "CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner TEXT NOT NULL, balance BIGINT NOT NULL,"
                        + " note TEXT, version BIGINT NOT NULL)");
        try (Connection connection = primary.getConnection()) {
            int block = 1_000;
            StringBuilder sql = new StringBuilder("INSERT INTO accounts VALUES ");
            for (int i = 0; i < block; i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, 1)");
            }
            try (PreparedStatement insert = connection.prepareStatement(sql.toString())) {
                for (int first = 1; first <= rows; first += block) {
                    int p = 1;
                    for (int id = first; id < first + block; id++) {
                        insert.setLong(p++, id);
                        insert.setString(p++, "owner " + id);
                        insert.setLong(p++, id * 10L);
                        insert.setString(p++, id % 7 == 0 ? null : "note ✓ " + id);
                    }
                    insert.executeUpdate();
                }
            }
        }
    }

    SecondaryStore store(SchemaMapping mapping) {
        return SecondaryStore.of(secondary, "tandem_fence", Duration.ofSeconds(30), mapping);
    }

    Checkpoints checkpoints() {
        return new Checkpoints(secondary, "tandem_backfill_chunk");
    }

    Backfill backfill(BackfillOptions options, SchemaMapping mapping) {
        return new Backfill(sides(mapping), options, BusyProbe.of(primary));
    }

    /** Both stores, the fenced store through {@code mapping}, and the checkpoints. */
    BackfillSides sides(SchemaMapping mapping) {
        return new BackfillSides(primary, secondary, store(mapping), checkpoints(), mapping);
    }

    /** The reconciler's (and backfill's) configuration for these stores. */
    Map<String, String> properties() {
        Map<String, String> properties = stores.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.settle", "200ms");
        return properties;
    }

    /** Runs {@code tandem} with {@code properties}; its exit status and what it printed. */
    static Command command(Map<String, String> properties, String... first) {
        String[] arguments = StorePair.arguments(properties, first);
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int status = Tandem.run(arguments);
            return new Command(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            System.out.print(out.toString(StandardCharsets.UTF_8));
            System.err.print(err.toString(StandardCharsets.UTF_8));
        }
    }

    record Command(int status, String out, String err) {}

    /** {@code id -> version} of every row of {@code table}. */
    static Map<Long, Long> versions(DataSource dataSource, String table) throws SQLException {
        Map<Long, Long> versions = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, version FROM " + table)) {
            while (rows.next()) {
                versions.put(rows.getLong(1), rows.getLong(2));
            }
        }
        return versions;
    }

    /** {@code chunk number -> run id} of the chunks of {@code table} the checkpoint table records as DONE. */
    Map<Integer, String> doneChunks(String table) throws SQLException {
        Map<Integer, String> done = new LinkedHashMap<>();
        for (ChunkState state : checkpoints().chunks(table)) {
            if (state.status() == ChunkState.Status.DONE) {
                done.put(state.chunk().number(), state.runId());
            }
        }
        return done;
    }
}
