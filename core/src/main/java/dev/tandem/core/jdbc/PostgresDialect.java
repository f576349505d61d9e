package dev.tandem.core.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** PostgreSQL, through pgjdbc. */
final class PostgresDialect extends AbstractDialect {

    static final PostgresDialect INSTANCE = new PostgresDialect();

    /** Rows a streaming cursor fetches at a time. */
    private static final int FETCH_SIZE = 5_000;

    private PostgresDialect() {}

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String metadataCatalog(Connection connection) {
        return null;
    }

    @Override
    public String metadataSchema(Connection connection) throws SQLException {
        return connection.getSchema();
    }

    @Override
    public Column describe(String name, int jdbcType, String typeName, int size, int decimalDigits, boolean nullable) {
        String type = typeName.toLowerCase(Locale.ROOT);
        int bits =
                switch (type) {
                    case "int2", "smallserial" -> 16;
                    case "int4", "serial" -> 32;
                    case "int8", "bigserial" -> 64;
                    default -> 0;
                };
        if (bits > 0) {
            return new Column(
                    name, ColumnKind.INTEGER, typeName, size, false, 0, nullable, signedMin(bits), signedMax(bits));
        }
        ColumnKind kind =
                switch (type) {
                    case "bool" -> ColumnKind.BOOLEAN;
                    case "numeric" -> ColumnKind.DECIMAL;
                    case "float4", "float8" -> ColumnKind.FLOAT;
                    case "varchar", "bpchar", "text", "citext" -> ColumnKind.TEXT;
                    case "bytea" -> ColumnKind.BINARY;
                    case "date" -> ColumnKind.DATE;
                    case "time" -> ColumnKind.TIME;
                    case "timestamp" -> ColumnKind.TIMESTAMP;
                    case "timestamptz" -> ColumnKind.TIMESTAMPTZ;
                    case "json", "jsonb" -> ColumnKind.JSON;
                    case "uuid" -> ColumnKind.UUID;
                    default -> ColumnKind.UNSUPPORTED;
                };
        // Unbounded text, bytea and numeric report sizes of 2^31-1 or 0: treat both as "no limit".
        int limit = size >= Integer.MAX_VALUE ? 0 : size;
        int scale = kind == ColumnKind.FLOAT ? 0 : decimalDigits;
        return new Column(name, kind, typeName, limit, false, scale, nullable, null, null);
    }

    @Override
    public String upsert(Table table, List<Column> columns, int rows) {
        List<Column> nonKey =
                columns.stream().filter(c -> !table.primaryKey().contains(c)).toList();
        String action = nonKey.isEmpty()
                ? "DO NOTHING"
                : "DO UPDATE SET " + Sql.join(nonKey, c -> quote(c.name()) + " = EXCLUDED." + quote(c.name()), ", ");
        return Sql.insert(this, table, columns, rows) + " ON CONFLICT (" + Sql.columnList(this, table.primaryKey())
                + ") " + action;
    }

    @Override
    public boolean upsertMatchesOnlyThePrimaryKey(Table table) {
        // ON CONFLICT (pk) arbitrates on the primary key only; a clash on another unique index raises an error.
        return true;
    }

    @Override
    public String nowUtc() {
        return "now()";
    }

    @Override
    public SessionLock sessionLock() {
        // A session-level advisory lock of this database, keyed by the name's hash.
        return new SessionLock("SELECT pg_try_advisory_lock(hashtext(?))", "SELECT pg_advisory_unlock(hashtext(?))");
    }

    @Override
    public String inByteOrder(String expression) {
        return expression + " COLLATE \"C\"";
    }

    @Override
    public int streamingFetchSize() {
        return FETCH_SIZE;
    }

    @Override
    public String estimatedRowCount() {
        // reltuples is -1 for a table never vacuumed nor analyzed (PostgreSQL 14+), 0 before that.
        return "SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = current_schema() AND lower(c.relname) = lower(?)";
    }

    @Override
    public int activeQueries(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE state = 'active' AND pid <> pg_backend_pid()")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    @Override
    public Optional<String> sessionTimeZones() {
        // Tandem binds timestamptz with its zone and timestamp without one: the session zone changes neither.
        return Optional.empty();
    }

    @Override
    public String dropIndex(String index, String table) {
        // An index's name is unique in its schema, so PostgreSQL names no table.
        return "DROP INDEX " + quote(index);
    }

    @Override
    public Optional<String> advanceNewerFenceRows(String fenceTable, int rows) {
        // Row comparison orders by version, then deleted (false < true): a delete beats an upsert of
        // the same version, as FenceState orders them. ON CONFLICT locks the conflicting rows even
        // where WHERE is false, so the states of the rows not written cannot change before commit.
        String fence = quote(fenceTable);
        return Optional.of(writeFenceRows(fenceTable, rows)
                + " WHERE (EXCLUDED.version, EXCLUDED.deleted) > (" + fence + ".version, " + fence + ".deleted)"
                + " RETURNING key_hash");
    }

    @Override
    public String guardedUpsert(Table table, List<Column> columns, int rows, Column version) {
        String stored = quote(table.name()) + "." + quote(version.name());
        return upsert(table, columns, rows) + " WHERE " + stored + " IS NULL OR EXCLUDED." + quote(version.name())
                + " > " + stored + " RETURNING " + Sql.columnList(this, table.primaryKey());
    }

    @Override
    public Optional<String> inTableFenceLocks() {
        // Advisory transaction locks: no table write, and no row needs to exist. unnest keeps the
        // arrays' order, so the locks are taken in the order bound.
        return Optional.of("SELECT CASE WHEN u.x THEN pg_advisory_xact_lock(?, u.s)::text"
                + " ELSE pg_advisory_xact_lock_shared(?, u.s)::text END"
                + " FROM unnest(?::int4[], ?::bool[]) AS u(s, x)");
    }

    @Override
    public boolean copiesInBulk() {
        return true;
    }

    @Override
    protected String onFenceConflictKeepLocked(String fenceTable) {
        // DO NOTHING would not lock the existing row; a no-op update does.
        return " ON CONFLICT (table_name, key_hash) DO UPDATE SET version = " + quote(fenceTable) + ".version";
    }

    @Override
    protected String onFenceConflictOverwrite(List<String> columns) {
        return " ON CONFLICT (table_name, key_hash) DO UPDATE SET "
                + Sql.join(columns, c -> c + " = EXCLUDED." + c, ", ");
    }

    @Override
    protected void bindJson(PreparedStatement statement, int index, String json) throws SQLException {
        // Sent untyped, the server casts the text to the column's json or jsonb type.
        statement.setObject(index, json, Types.OTHER);
    }
}
