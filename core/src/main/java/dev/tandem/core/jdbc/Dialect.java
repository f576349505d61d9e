package dev.tandem.core.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What differs between the engines: quoting, type metadata, the multi-row upsert, the fence's
 * statements, how a few types are bound and read, how a large result is streamed and sorted by
 * bytes, and what the server says of its load, its statistics and its indexes. One implementation
 * per engine; both roles (primary, secondary) use it, and nothing outside asks which engine it is.
 */
public interface Dialect {

    /** The dialect of the database {@code connection} talks to. */
    static Dialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        String lower = product.toLowerCase(Locale.ROOT);
        if (lower.contains("mysql") || lower.contains("mariadb")) {
            return MySqlDialect.INSTANCE;
        }
        if (lower.contains("postgresql")) {
            return PostgresDialect.INSTANCE;
        }
        throw new UnsupportedDatabaseException(product);
    }

    /** A short name, e.g. {@code mysql}. */
    String name();

    /** {@code identifier} quoted so that any name, even one with quotes in it, is one identifier. */
    String quote(String identifier);

    /** The catalog to pass to {@link java.sql.DatabaseMetaData} lookups for the current database. */
    String metadataCatalog(Connection connection) throws SQLException;

    /** The schema to pass to {@link java.sql.DatabaseMetaData} lookups for the current database. */
    String metadataSchema(Connection connection) throws SQLException;

    /** A column from one row of {@link java.sql.DatabaseMetaData#getColumns}. */
    Column describe(String name, int jdbcType, String typeName, int size, int decimalDigits, boolean nullable);

    /**
     * A multi-row upsert of {@code rows} rows of {@code columns} (key columns first) that inserts a
     * missing row or overwrites the named columns of an existing one, matched on the primary key.
     * Only for tables where {@link #upsertMatchesOnlyThePrimaryKey} holds.
     */
    String upsert(Table table, List<Column> columns, int rows);

    /** Whether {@link #upsert} can only ever touch the row with the same primary key. */
    boolean upsertMatchesOnlyThePrimaryKey(Table table);

    /** SQL for "now", in UTC, for bookkeeping columns. */
    String nowUtc();

    /**
     * The queries of a lock held by one session at a time, each binding the lock's name: {@code
     * tryAcquire} takes it if it is free and returns true, or returns false at once; {@code release}
     * lets it go. Tandem's own migrations hold it while they bring a component's tables up to date.
     */
    SessionLock sessionLock();

    /** The two queries of {@link #sessionLock()}. */
    record SessionLock(String tryAcquire, String release) {}

    /**
     * The collations of {@code table}'s text primary-key columns that make different texts one key
     * (by column name); empty where every key compares exactly, as on PostgreSQL's deterministic
     * collations.
     */
    default Map<String, KeyCollation> foldingKeyCollations(Connection connection, String table, List<Column> primaryKey)
            throws SQLException {
        return Map.of();
    }

    /**
     * A query of one row whose {@code values} columns are the sort weights (as bytes) of as many bound
     * texts under {@code collation}: equal weights, one key. Only engines with folding key collations
     * have it.
     */
    default String collationWeights(KeyCollation collation, int values) {
        throw new UnsupportedOperationException(name() + " has no folding key collations");
    }

    /**
     * Inserts {@code rows} never-applied fence rows (table_name, key_hash, row_key), leaving existing
     * ones as they are but locked: the statement alone locks every row it names, in the order bound.
     */
    String insertMissingFenceRows(String fenceTable, int rows);

    /**
     * Overwrites {@code rows} fence rows (table_name, key_hash, row_key, version, deleted, write_id)
     * with new states.
     */
    String writeFenceRows(String fenceTable, int rows);

    /**
     * One statement that writes {@code rows} fence states (bound as in {@link #writeFenceRows}) where
     * each is newer than the stored one, inserting absent rows, locks every row it names, and returns
     * the key hashes it wrote; empty where the engine cannot return them, and the fence then takes
     * the lock, compare and write steps one by one.
     */
    default Optional<String> advanceNewerFenceRows(String fenceTable, int rows) {
        return Optional.empty();
    }

    /**
     * The in-table fence's guarded upsert: like {@link #upsert} (key columns first, {@code version}
     * among the others), but an existing row is overwritten only where the incoming {@code version}
     * is greater than the stored one (or that is NULL); returns the primary keys of the rows written
     * (inserted or overwritten), and locks every row it names, written or not. Only where {@link
     * #inTableFenceLocks} exists.
     */
    default String guardedUpsert(Table table, List<Column> columns, int rows, Column version) {
        throw new UnsupportedOperationException(name() + " has no in-table fence");
    }

    /**
     * The query that takes the in-table fence's stripe locks until the transaction ends, binding the
     * lock space (an int) twice, then the stripes (an {@code int4} array, ascending) and whether each
     * is exclusive (a {@code bool} array), one row per lock, taken in the order given; empty where the
     * engine has no shared locks that need no row, and the in-table fence is not offered.
     */
    default Optional<String> inTableFenceLocks() {
        return Optional.empty();
    }

    /** Whether the engine loads a batch by {@code COPY} into a staging table and merges it set-wise. */
    default boolean copiesInBulk() {
        return false;
    }

    /**
     * The statement that starts the fence's apply transaction on this engine, run before any other
     * statement of it; empty where the default isolation already locks only the rows a statement
     * touches.
     */
    default Optional<String> beginApplyTransaction() {
        return Optional.empty();
    }

    /**
     * {@code expression} (a text column or value) as an {@code ORDER BY} term that sorts by its bytes
     * rather than by the column's collation: the order {@link dev.tandem.core.compare.KeyOrder} merges
     * both stores in.
     */
    String inByteOrder(String expression);

    /**
     * The fetch size that makes the driver stream a result row by row instead of holding it whole
     * (within a transaction, as PostgreSQL's cursor needs).
     */
    int streamingFetchSize();

    /**
     * A query of one row whose one number is the engine's statistics estimate of the row count of the
     * table named by its one parameter (matched ignoring case, in the current schema); zero or no row
     * where the engine has no statistics yet.
     */
    String estimatedRowCount();

    /** How many queries the server is running now, other than one on {@code connection}. */
    int activeQueries(Connection connection) throws SQLException;

    /**
     * A query of one row: the session's time zone and the server's system zone (what a session zone
     * of {@code SYSTEM} stands for), where the server converts zone-less timestamps and {@code NOW()}
     * by the session zone; empty where it does not, and the session zone does not matter.
     */
    Optional<String> sessionTimeZones();

    /** DDL that drops the index {@code index} of {@code table}. */
    String dropIndex(String index, String table);

    /** Binds {@code value}, already converted for {@code column}, as parameter {@code index}. */
    void bind(PreparedStatement statement, int index, Column column, Object value) throws SQLException;

    /** Reads column {@code index} of the current row as the Java value type of {@code column}'s kind. */
    Object read(ResultSet resultSet, int index, Column column) throws SQLException;
}
