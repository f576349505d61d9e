package dev.tandem.backfill;

import dev.tandem.core.jdbc.Dialect;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops a secondary table's non-unique indexes for the copy (each insert then maintains only the
 * primary key and unique indexes) and recreates them after it. Each index's DDL is recorded in the
 * checkpoint store before it is dropped, so a killed run's next run still recreates it. Unique
 * indexes stay (they keep the data valid); an index the database refuses to drop (say, one a foreign
 * key needs) stays too and is reported as kept.
 */
final class DeferredIndexes {

    private static final Logger log = LoggerFactory.getLogger(DeferredIndexes.class);

    /** What deferring did to one table. */
    record Deferral(List<DeferredIndex> dropped, List<String> kept) {}

    private final DataSource secondary;
    private final Checkpoints checkpoints;

    DeferredIndexes(DataSource secondary, Checkpoints checkpoints) {
        this.secondary = secondary;
        this.checkpoints = checkpoints;
    }

    /** Drops {@code table}'s non-unique indexes, recording each first. */
    Deferral defer(String table) throws SQLException {
        List<DeferredIndex> dropped = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        try (Connection connection = secondary.getConnection()) {
            Dialect dialect = Dialect.of(connection);
            for (Map.Entry<String, String> index :
                    nonUniqueIndexes(connection, dialect, table).entrySet()) {
                DeferredIndex deferred = new DeferredIndex(table, index.getKey(), index.getValue());
                checkpoints.defer(deferred);
                try (Statement statement = connection.createStatement()) {
                    statement.execute(dialect.dropIndex(deferred.name(), table));
                    dropped.add(deferred);
                } catch (SQLException e) {
                    checkpoints.restored(deferred);
                    kept.add(deferred.name() + " (" + e.getMessage() + ")");
                }
            }
        }
        if (!dropped.isEmpty() || !kept.isEmpty()) {
            log.info(
                    "Backfill of {}: indexes deferred {}, kept {}",
                    table,
                    dropped.stream().map(DeferredIndex::name).toList(),
                    kept);
        }
        return new Deferral(dropped, kept);
    }

    /** Recreates every index of {@code table} still recorded as deferred (this run's or a killed one's). */
    List<DeferredIndex> restore(String table) throws SQLException {
        List<DeferredIndex> restored = new ArrayList<>();
        try (Connection connection = secondary.getConnection()) {
            for (DeferredIndex index : checkpoints.deferred(table)) {
                long started = System.nanoTime();
                try (Statement statement = connection.createStatement()) {
                    statement.execute(index.ddl());
                }
                checkpoints.restored(index);
                restored.add(index);
                log.info(
                        "Backfill of {}: index {} recreated in {} ms",
                        table,
                        index.name(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
        return restored;
    }

    /** Index name to {@code CREATE INDEX} DDL, for the non-unique indexes made of plain columns. */
    private static Map<String, String> nonUniqueIndexes(Connection connection, Dialect dialect, String table)
            throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        Map<String, TreeMap<Short, String>> columns = new LinkedHashMap<>();
        List<String> expressions = new ArrayList<>();
        try (ResultSet rows = md.getIndexInfo(
                dialect.metadataCatalog(connection), dialect.metadataSchema(connection), table, false, true)) {
            while (rows.next()) {
                String name = rows.getString("INDEX_NAME");
                if (name == null
                        || !rows.getBoolean("NON_UNIQUE")
                        || rows.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic) {
                    continue;
                }
                String column = rows.getString("COLUMN_NAME");
                if (column == null || column.contains("(")) {
                    expressions.add(name); // an expression index: its DDL cannot be rebuilt from metadata
                    continue;
                }
                String order = "D".equals(rows.getString("ASC_OR_DESC")) ? " DESC" : "";
                columns.computeIfAbsent(name, n -> new TreeMap<>())
                        .put(rows.getShort("ORDINAL_POSITION"), dialect.quote(column) + order);
            }
        }
        Map<String, String> ddl = new LinkedHashMap<>();
        columns.forEach((name, parts) -> {
            if (!expressions.contains(name)) {
                ddl.put(
                        name,
                        "CREATE INDEX " + dialect.quote(name) + " ON " + dialect.quote(table) + " ("
                                + String.join(", ", parts.values()) + ")");
            }
        });
        return ddl;
    }
}
