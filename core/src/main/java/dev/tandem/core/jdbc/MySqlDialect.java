package dev.tandem.core.jdbc;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * MySQL 8 and MariaDB, through MySQL Connector/J. Statements avoid MySQL-only syntax that MariaDB
 * lacks (such as the {@code AS new} row alias), so one dialect serves both.
 */
final class MySqlDialect extends AbstractDialect {

    static final MySqlDialect INSTANCE = new MySqlDialect();

    private MySqlDialect() {}

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String metadataCatalog(Connection connection) throws SQLException {
        return connection.getCatalog();
    }

    @Override
    public String metadataSchema(Connection connection) {
        return null;
    }

    @Override
    public Map<String, KeyCollation> foldingKeyCollations(Connection connection, String table, List<Column> primaryKey)
            throws SQLException {
        Map<String, KeyCollation> folding = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COLUMN_NAME, CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLUMNS"
                        + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND COLLATION_NAME IS NOT NULL")) {
            select.setString(1, connection.getCatalog());
            select.setString(2, table);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    if (primaryKey.stream().noneMatch(c -> c.name().equals(column))) {
                        continue;
                    }
                    String charset = rs.getString(2);
                    String collation = rs.getString(3);
                    KeyCollation key = new KeyCollation(charset, collation, padsSpace(connection, charset, collation));
                    if (key.folds()) {
                        folding.put(column, key);
                    }
                }
            }
        }
        return Map.copyOf(folding);
    }

    /**
     * Whether {@code collation} ignores trailing spaces, asked of the server: MySQL 8 has NO PAD
     * collations (the {@code _0900_} ones), MariaDB its {@code _nopad_} ones; all others pad.
     */
    private static boolean padsSpace(Connection connection, String charset, String collation) throws SQLException {
        String text = "CONVERT(? USING " + charset + ") COLLATE " + collation;
        try (PreparedStatement select = connection.prepareStatement("SELECT " + text + " = " + text)) {
            select.setString(1, "a");
            select.setString(2, "a ");
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Override
    public String collationWeights(KeyCollation collation, int values) {
        String weight =
                "WEIGHT_STRING(CONVERT(? USING " + collation.charset() + ") COLLATE " + collation.collation() + ")";
        return "SELECT " + String.join(", ", Collections.nCopies(values, weight));
    }

    @Override
    public Column describe(String name, int jdbcType, String typeName, int size, int decimalDigits, boolean nullable) {
        String type = typeName.toUpperCase(Locale.ROOT);
        boolean unsigned = type.endsWith("UNSIGNED");
        String base = unsigned
                ? type.substring(0, type.length() - "UNSIGNED".length()).trim()
                : type;
        int bits =
                switch (base) {
                    case "TINYINT" -> 8;
                    case "SMALLINT" -> 16;
                    case "MEDIUMINT" -> 24;
                    case "INT", "INTEGER" -> 32;
                    case "BIGINT" -> 64;
                    default -> 0;
                };
        if (bits > 0) {
            BigInteger min = unsigned ? BigInteger.ZERO : signedMin(bits);
            BigInteger max = unsigned ? unsignedMax(bits) : signedMax(bits);
            return new Column(name, ColumnKind.INTEGER, typeName, size, false, 0, nullable, min, max);
        }
        ColumnKind kind =
                switch (base) {
                        // Connector/J reports TINYINT(1) as BIT(1): both hold booleans.
                    case "BIT" -> size == 1 ? ColumnKind.BOOLEAN : ColumnKind.UNSUPPORTED;
                    case "BOOLEAN", "BOOL" -> ColumnKind.BOOLEAN;
                    case "DECIMAL", "NUMERIC" -> ColumnKind.DECIMAL;
                    case "FLOAT", "DOUBLE", "REAL" -> ColumnKind.FLOAT;
                    case "CHAR", "VARCHAR", "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "ENUM", "SET" -> ColumnKind
                            .TEXT;
                    case "JSON" -> ColumnKind.JSON;
                    case "BINARY", "VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB" -> ColumnKind.BINARY;
                    case "DATE" -> ColumnKind.DATE;
                    case "TIME" -> ColumnKind.TIME;
                    case "DATETIME", "TIMESTAMP" -> ColumnKind.TIMESTAMP;
                    default -> ColumnKind.UNSUPPORTED;
                };
        boolean textInBytes = jdbcType == Types.LONGVARCHAR && kind == ColumnKind.TEXT;
        int scale =
                switch (kind) {
                        // The driver reports fractional-second digits only through the display size.
                    case TIMESTAMP -> Math.max(0, size - 20);
                    case TIME -> Math.max(0, size - 9);
                    case DECIMAL -> decimalDigits;
                    default -> 0;
                };
        // MySQL and MariaDB store no NaN or infinity; Connector/J refuses them with SQLState S1009.
        boolean finiteOnly = kind == ColumnKind.FLOAT;
        return new Column(name, kind, typeName, size, textInBytes, scale, nullable, null, null, finiteOnly);
    }

    @Override
    public String upsert(Table table, List<Column> columns, int rows) {
        List<Column> nonKey =
                columns.stream().filter(c -> !table.primaryKey().contains(c)).toList();
        // VALUES(col) is deprecated in MySQL 8.0.20+ but still works there, and MariaDB has no row alias.
        String updates = nonKey.isEmpty()
                ? quote(table.primaryKey().get(0).name()) + " = "
                        + quote(table.primaryKey().get(0).name())
                : Sql.join(nonKey, c -> quote(c.name()) + " = VALUES(" + quote(c.name()) + ")", ", ");
        return Sql.insert(this, table, columns, rows) + " ON DUPLICATE KEY UPDATE " + updates;
    }

    @Override
    public boolean upsertMatchesOnlyThePrimaryKey(Table table) {
        return !table.otherUniqueKeys();
    }

    @Override
    public String nowUtc() {
        return "UTC_TIMESTAMP(6)";
    }

    @Override
    public SessionLock sessionLock() {
        // A server-wide named lock, released by RELEASE_LOCK or when the session ends.
        return new SessionLock("SELECT GET_LOCK(?, 0)", "SELECT RELEASE_LOCK(?)");
    }

    @Override
    public String inByteOrder(String expression) {
        return "CAST(" + expression + " AS BINARY)";
    }

    @Override
    public int streamingFetchSize() {
        // Connector/J streams only at this one value; any other fetch size reads the whole result.
        return Integer.MIN_VALUE;
    }

    @Override
    public String estimatedRowCount() {
        return "SELECT TABLE_ROWS FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = DATABASE() AND lower(TABLE_NAME) = lower(?)";
    }

    @Override
    public int activeQueries(Connection connection) throws SQLException {
        // Threads_running counts the thread asking, too.
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Threads_running'")) {
            return rows.next() ? Math.max(0, Integer.parseInt(rows.getString(2)) - 1) : 0;
        }
    }

    @Override
    public Optional<String> sessionTimeZones() {
        return Optional.of("SELECT @@session.time_zone, @@system_time_zone");
    }

    @Override
    public String dropIndex(String index, String table) {
        return "DROP INDEX " + quote(index) + " ON " + quote(table);
    }

    @Override
    public Optional<String> beginApplyTransaction() {
        // Under REPEATABLE READ, InnoDB takes gap and next-key locks (deleting an absent row, locking a
        // fence row, the duplicate check of an upsert) that concurrent appliers' inserts of new keys
        // wait on in no common order: deadlocks. READ COMMITTED locks only the rows themselves, which
        // the fence takes in one order. Without SESSION the level holds for the next transaction only.
        return Optional.of("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
    }

    @Override
    protected String onFenceConflictKeepLocked(String fenceTable) {
        // The duplicate check of ON DUPLICATE KEY UPDATE takes an exclusive lock on the existing row.
        return " ON DUPLICATE KEY UPDATE version = version";
    }

    @Override
    protected String onFenceConflictOverwrite(List<String> columns) {
        return " ON DUPLICATE KEY UPDATE " + Sql.join(columns, c -> c + " = VALUES(" + c + ")", ", ");
    }
}
