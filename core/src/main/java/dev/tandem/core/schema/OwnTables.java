package dev.tandem.core.schema;

import dev.tandem.core.jdbc.Dialect;
import dev.tandem.core.jdbc.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component's own tables, created and upgraded by versioned migrations: the scripts in {@code
 * db/tandem/<component>/<engine>/} on the classpath, the engine's folder named by {@link
 * Dialect#name()}, applied in version order and recorded in the component's history table. Each
 * component has its own history table, since the components start independently and may share a
 * database with each other and with the application's own migrations; a session lock makes
 * processes that start together migrate one at a time.
 *
 * <p>A database holding tables made before the migrations is adopted: every first migration creates
 * its tables only if they do not exist, and later ones change what is there, so the rows stay.
 */
public final class OwnTables {

    private static final Logger log = LoggerFactory.getLogger(OwnTables.class);
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(2);

    private final String component;
    private final String historyTable;
    private final Map<String, String> placeholders;
    private final ClassLoader loader;
    private final Duration lockTimeout;

    OwnTables(
            String component,
            String historyTable,
            Map<String, String> placeholders,
            ClassLoader loader,
            Duration lockTimeout) {
        if (component == null || !component.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException(
                    "Component '" + component + "' must be lower-case letters, digits and '-', starting with a letter");
        }
        this.component = component;
        this.historyTable =
                Sql.requirePlainIdentifier("The history table of the " + component + " tables", historyTable);
        Map<String, String> checked = new LinkedHashMap<>();
        placeholders.forEach((name, value) -> checked.put(
                name, Sql.requirePlainIdentifier("Placeholder " + name + " of the " + component + " tables", value)));
        this.placeholders = Map.copyOf(checked);
        this.loader = Objects.requireNonNull(loader, "loader");
        this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
    }

    /**
     * The tables of {@code component}, with their history in {@code historyTable}.
     *
     * @param placeholders the values of the scripts' {@code ${name}} placeholders: the configured table
     *     names, each a plain identifier
     */
    public static OwnTables of(String component, String historyTable, Map<String, String> placeholders) {
        return new OwnTables(component, historyTable, placeholders, OwnTables.class.getClassLoader(), LOCK_TIMEOUT);
    }

    /** The same tables, their scripts found through {@code loader}. */
    OwnTables withLoader(ClassLoader loader) {
        return new OwnTables(component, historyTable, placeholders, loader, lockTimeout);
    }

    public String historyTable() {
        return historyTable;
    }

    /**
     * Applies the migrations not applied yet, each in a transaction with its history row (where the
     * engine's DDL is transactional), and returns them; empty if the tables were up to date. The
     * connection's auto-commit mode is restored.
     *
     * @throws dev.tandem.core.jdbc.UnsupportedDatabaseException if the database is of no known engine
     * @throws SchemaMigrationException if Tandem has no migrations for the engine, an applied script
     *     was changed since, or a migration failed
     */
    public List<AppliedMigration> migrate(Connection connection) throws SQLException {
        Dialect dialect = Dialect.of(connection);
        String folder = "db/tandem/" + component + "/" + dialect.name();
        List<MigrationScript> scripts = MigrationScripts.in(loader, folder);
        if (scripts.isEmpty()) {
            throw new SchemaMigrationException("Tandem has no migrations of the " + component + " tables for "
                    + dialect.name() + " (looked for classpath:" + folder + "/V<n>__<description>.sql)");
        }
        SchemaHistory history = new SchemaHistory(dialect, historyTable);
        // Up to date (the common start): no lock and no DDL, so a user with only DML rights on the
        // tables and SELECT on the history table starts where an owner ran the migrations.
        if (history.exists(connection)
                && pending(history.applied(connection), scripts).isEmpty()) {
            return List.of();
        }
        MigrationLock lock =
                new MigrationLock(dialect, "the " + component + " tables (" + historyTable + ")", lockTimeout);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        String lockName = lock.acquire(connection, historyTable);
        try {
            history.create(connection);
            List<AppliedMigration> now = new ArrayList<>();
            for (MigrationScript script : pending(history.applied(connection), scripts)) {
                now.add(apply(connection, history, script));
            }
            return now;
        } finally {
            try {
                connection.setAutoCommit(true);
                lock.release(connection, lockName);
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** The migrations applied so far, in version order; empty if none ever was. */
    public List<AppliedMigration> history(Connection connection) throws SQLException {
        SchemaHistory history = new SchemaHistory(Dialect.of(connection), historyTable);
        return history.exists(connection) ? history.applied(connection) : List.of();
    }

    /** The scripts not applied yet, in order; an applied one whose text changed since is an error. */
    private List<MigrationScript> pending(List<AppliedMigration> history, List<MigrationScript> scripts) {
        Map<Integer, AppliedMigration> applied =
                history.stream().collect(Collectors.toMap(AppliedMigration::version, migration -> migration));
        List<MigrationScript> pending = new ArrayList<>();
        for (MigrationScript script : scripts) {
            AppliedMigration before = applied.get(script.version());
            if (before == null) {
                pending.add(script);
            } else if (before.checksum() != script.checksum()) {
                throw new SchemaMigrationException("V" + script.version() + " of the " + component
                        + " tables was changed after it was applied: " + historyTable + " records checksum "
                        + before.checksum() + ", " + script.path() + " has " + script.checksum());
            }
        }
        Set<Integer> known = scripts.stream().map(MigrationScript::version).collect(Collectors.toSet());
        applied.keySet().stream()
                .filter(version -> !known.contains(version))
                .forEach(version -> log.debug(
                        "{} records V{} of the {} tables, which this Tandem does not know (a newer one applied it)",
                        historyTable,
                        version,
                        component));
        return pending;
    }

    private AppliedMigration apply(Connection connection, SchemaHistory history, MigrationScript script)
            throws SQLException {
        List<String> statements = script.statements(placeholders);
        long start = System.nanoTime();
        connection.setAutoCommit(false);
        int position = 0;
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                position++;
                statement.execute(sql);
            }
            AppliedMigration migration = new AppliedMigration(
                    script.version(),
                    script.description(),
                    script.path(),
                    script.checksum(),
                    Instant.now(),
                    (System.nanoTime() - start) / 1_000_000);
            position++;
            history.record(connection, migration);
            connection.commit();
            log.info("Applied V{} ({}) to the {} tables", script.version(), script.description(), component);
            return migration;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            String step = position <= statements.size()
                    ? "at statement " + position + " of " + statements.size()
                    : "recording it in " + historyTable;
            throw new SchemaMigrationException(
                    "V" + script.version() + " of the " + component + " tables (" + script.path() + ") failed " + step,
                    e);
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
