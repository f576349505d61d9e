package dev.tandem.core;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One write committed on the primary, as the secondary must receive it: immutable, self-contained,
 * and safe to apply more than once or out of order thanks to its row {@code version}.
 *
 * <p>Column values are of the types listed in {@code Values}: {@code Integer}, {@code Short},
 * {@code Byte} and small {@code BigInteger}s become {@code Long}, {@code Float} becomes {@code Double},
 * {@code Instant} becomes an {@code OffsetDateTime} in UTC, and {@code byte[]} is copied. {@code null}
 * is a value (SQL NULL), distinct from the empty string.
 *
 * @param writeId unique id of the write, a UUID version 7 from {@link WriteIds#next()}
 * @param table the table, as named on the secondary
 * @param key the primary-key columns and their values, none null
 * @param operation upsert or delete
 * @param version the row's version after this write; higher wins; at least 0
 * @param columns for an upsert, the non-key columns written (columns left out keep their value); empty
 *     for a delete
 * @param committedAt when the primary transaction committed
 * @param attempt how many times delivery was attempted before, 0 at first
 * @param repair whether the reconciler built it from the primary's current row to repair a confirmed
 *     difference: a repair is applied when its version is at least the row's last applied one, so at
 *     an equal version it rewrites the row, and it never overwrites a newer write
 */
public record Mutation(
        UUID writeId,
        String table,
        Map<String, Object> key,
        Operation operation,
        long version,
        Map<String, Object> columns,
        Instant committedAt,
        int attempt,
        boolean repair) {

    public Mutation {
        Objects.requireNonNull(writeId, "writeId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(committedAt, "committedAt");
        if (table == null || table.isBlank()) {
            throw new IllegalArgumentException("A mutation needs a table");
        }
        String where = "Mutation " + writeId + " of table '" + table + "'";
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException(where + " has no key columns");
        }
        if (version < 0) {
            throw new IllegalArgumentException(where + " has negative version " + version);
        }
        if (attempt < 0) {
            throw new IllegalArgumentException(where + " has negative attempt " + attempt);
        }
        columns = columns == null ? Map.of() : columns;
        if (operation == Operation.DELETE && !columns.isEmpty()) {
            throw new IllegalArgumentException(where + " is a DELETE but carries columns " + columns.keySet());
        }
        key = Values.normalizeAll(key);
        columns = Values.normalizeAll(columns);
        for (Map.Entry<String, Object> entry : key.entrySet()) {
            if (entry.getValue() == null) {
                throw new IllegalArgumentException(where + " has a null value for key column '" + entry.getKey() + "'");
            }
            if (columns.containsKey(entry.getKey())) {
                throw new IllegalArgumentException(
                        where + " names key column '" + entry.getKey() + "' among its columns too");
            }
        }
    }

    /** An ordinary write (not a repair). */
    public Mutation(
            UUID writeId,
            String table,
            Map<String, Object> key,
            Operation operation,
            long version,
            Map<String, Object> columns,
            Instant committedAt,
            int attempt) {
        this(writeId, table, key, operation, version, columns, committedAt, attempt, false);
    }

    /** Starts an upsert of a row of {@code table}. */
    public static Builder upsert(String table) {
        return new Builder(table, Operation.UPSERT);
    }

    /** Starts a delete of a row of {@code table}. */
    public static Builder delete(String table) {
        return new Builder(table, Operation.DELETE);
    }

    public boolean isDelete() {
        return operation == Operation.DELETE;
    }

    /** This mutation with the attempt count raised by one, e.g. before it is handed to the retry topic. */
    public Mutation nextAttempt() {
        return new Mutation(writeId, table, key, operation, version, columns, committedAt, attempt + 1, repair);
    }

    /**
     * The row's key as one canonical string, e.g. {@code id=42} or {@code region=eu,id=7}: equal for
     * equal keys whatever built the mutation. With the table it identifies the row in the fence and
     * on the retry topic. It is the {@linkplain RowKey#text() text} of {@link RowKey#of RowKey.of(key())}.
     */
    public String rowKey() {
        return RowKey.canonicalText(key);
    }

    /** A short description that names the row but holds no column values. */
    public String describe() {
        return (repair ? "repair " : "") + operation + " " + table + " [" + rowKey() + "] v" + version + " (write "
                + writeId + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Mutation m
                && writeId.equals(m.writeId)
                && table.equals(m.table)
                && Values.equal(key, m.key)
                && operation == m.operation
                && version == m.version
                && Values.equal(columns, m.columns)
                && committedAt.equals(m.committedAt)
                && attempt == m.attempt
                && repair == m.repair;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                writeId,
                table,
                Values.hash(key),
                operation,
                version,
                Values.hash(columns),
                committedAt,
                attempt,
                repair);
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Builds a mutation; the write id defaults to a new one and the commit time to now. */
    public static final class Builder {
        private final String table;
        private final Operation operation;
        private final Map<String, Object> key = new LinkedHashMap<>();
        private final Map<String, Object> columns = new LinkedHashMap<>();
        private UUID writeId;
        private long version;
        private Instant committedAt;
        private int attempt;
        private boolean repair;

        private Builder(String table, Operation operation) {
            this.table = table;
            this.operation = operation;
        }

        public Builder key(String column, Object value) {
            key.put(column, value);
            return this;
        }

        public Builder column(String column, Object value) {
            columns.put(column, value);
            return this;
        }

        public Builder columns(Map<String, ?> values) {
            columns.putAll(values);
            return this;
        }

        public Builder version(long version) {
            this.version = version;
            return this;
        }

        public Builder writeId(UUID writeId) {
            this.writeId = writeId;
            return this;
        }

        public Builder committedAt(Instant committedAt) {
            this.committedAt = committedAt;
            return this;
        }

        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        /** Marks the mutation as a reconciler repair (see {@link Mutation#repair()}). */
        public Builder repair(boolean repair) {
            this.repair = repair;
            return this;
        }

        public Mutation build() {
            return new Mutation(
                    writeId != null ? writeId : WriteIds.next(),
                    table,
                    key,
                    operation,
                    version,
                    columns,
                    committedAt != null ? committedAt : Instant.now(),
                    attempt,
                    repair);
        }
    }
}
