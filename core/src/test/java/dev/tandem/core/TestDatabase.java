package dev.tandem.core;

import dev.tandem.core.jdbc.Column;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.SchemaCatalog;
import dev.tandem.core.jdbc.Table;
import dev.tandem.testkit.EmbeddedDatabase;
import dev.tandem.testkit.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** A fresh database on one of the embedded servers, with helpers to set it up and look into it. */
final class TestDatabase {

    private static final AtomicInteger counter = new AtomicInteger();

    final EmbeddedDatabase.Engine engine;
    final DataSource dataSource;

    private TestDatabase(EmbeddedDatabase.Engine engine, DataSource dataSource) {
        this.engine = engine;
        this.dataSource = dataSource;
    }

    static TestDatabase fresh(EmbeddedDatabase.Engine engine) {
        return fresh(engine == EmbeddedDatabase.Engine.MARIADB ? Secondary.MARIADB : Secondary.POSTGRESQL);
    }

    static TestDatabase fresh(Secondary secondary) {
        String name = "t" + ProcessHandle.current().pid() + "_" + counter.incrementAndGet();
        return new TestDatabase(secondary.family, secondary.freshDatabase(name));
    }

    boolean isMariaDb() {
        return engine == EmbeddedDatabase.Engine.MARIADB;
    }

    void execute(String... statements) {
        Jdbc.execute(dataSource, statements);
    }

    long count(String table) {
        return Jdbc.count(dataSource, table);
    }

    /** Every row of {@code table}, typed as the library reads them, by the text of the first key column. */
    Map<String, Map<String, Object>> rows(String table) {
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            Dialect dialect = Dialect.of(c);
            Table t = new SchemaCatalog(dialect).table(c, table).orElseThrow();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT * FROM " + dialect.quote(t.name()))) {
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    int i = 1;
                    for (Column column : t.columns()) {
                        row.put(column.name(), dialect.read(rs, i++, column));
                    }
                    rows.put(String.valueOf(row.get(t.primaryKey().get(0).name())), row);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** The fence's version and tombstone flag for a row, if it has one. */
    Optional<String> fence(String table, String rowKey) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT version, deleted FROM tandem_fence WHERE table_name = ? AND row_key = ?")) {
            s.setString(1, table);
            s.setString(2, rowKey);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        ? Optional.of("v" + rs.getLong(1) + (rs.getBoolean(2) ? " deleted" : ""))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
