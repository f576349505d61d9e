package dev.tandem.core.jdbc;

import dev.tandem.core.JsonText;
import dev.tandem.core.Numbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Binding and reading shared by both engines; each dialect overrides what its driver does differently. */
abstract class AbstractDialect implements Dialect {

    @Override
    public String insertMissingFenceRows(String fenceTable, int rows) {
        // Each row binds (table_name, key_hash, row_key) and starts as "never applied".
        return "INSERT INTO " + quote(fenceTable) + " (table_name, key_hash, row_key, version, deleted) VALUES "
                + Sql.rowsOfPlaceholders(3, rows).replace("?)", "?, -1, FALSE)")
                + onFenceConflictKeepLocked(fenceTable);
    }

    @Override
    public String writeFenceRows(String fenceTable, int rows) {
        // Each row binds (table_name, key_hash, row_key, version, deleted, write_id); applied_at is now.
        return "INSERT INTO " + quote(fenceTable)
                + " (table_name, key_hash, row_key, version, deleted, write_id, applied_at)"
                + " VALUES " + Sql.rowsOfPlaceholders(6, rows).replace("?)", "?, " + nowUtc() + ")")
                + onFenceConflictOverwrite(List.of("version", "deleted", "write_id", "applied_at"));
    }

    /** The clause that leaves an existing fence row as it is, locked until the transaction ends. */
    protected abstract String onFenceConflictKeepLocked(String fenceTable);

    /** The clause that overwrites {@code columns} of an existing fence row with the new values. */
    protected abstract String onFenceConflictOverwrite(List<String> columns);

    @Override
    public void bind(PreparedStatement statement, int index, Column column, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
            return;
        }
        switch (column.kind()) {
            case BOOLEAN -> statement.setBoolean(index, (Boolean) value);
            case INTEGER, DECIMAL -> {
                if (value instanceof Long l) {
                    statement.setLong(index, l);
                } else {
                    statement.setBigDecimal(index, (BigDecimal) value);
                }
            }
            case FLOAT -> statement.setDouble(index, (Double) value);
            case BINARY -> statement.setBytes(index, (byte[]) value);
            case TEXT -> statement.setString(index, (String) value);
            case JSON -> bindJson(statement, index, (String) value);
            case UUID -> bindUuid(statement, index, (UUID) value);
            default -> statement.setObject(index, value);
        }
    }

    @Override
    public Object read(ResultSet rs, int index, Column column) throws SQLException {
        Object value =
                switch (column.kind()) {
                    case BOOLEAN -> rs.getBoolean(index);
                    case INTEGER -> readInteger(rs.getObject(index));
                    case DECIMAL -> rs.getBigDecimal(index);
                    case FLOAT -> column.singlePrecision()
                            ? (Object) (double) rs.getFloat(index)
                            : (Object) rs.getDouble(index);
                    case TEXT -> rs.getString(index);
                    case BINARY -> rs.getBytes(index);
                    case DATE -> rs.getObject(index, LocalDate.class);
                    case TIME -> rs.getObject(index, LocalTime.class);
                    case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
                    case TIMESTAMPTZ -> rs.getObject(index, OffsetDateTime.class);
                    case JSON -> {
                        String json = rs.getString(index);
                        yield json == null ? null : new JsonText(json);
                    }
                    case UUID -> rs.getObject(index, UUID.class);
                    case UNSUPPORTED -> rs.getObject(index);
                };
        return rs.wasNull() ? null : value;
    }

    protected void bindJson(PreparedStatement statement, int index, String json) throws SQLException {
        statement.setString(index, json);
    }

    protected void bindUuid(PreparedStatement statement, int index, UUID uuid) throws SQLException {
        statement.setObject(index, uuid);
    }

    private static Object readInteger(Object raw) {
        if (raw == null) {
            return null;
        }
        if (Numbers.isWhole(raw)) {
            return Numbers.whole((Number) raw);
        }
        if (raw instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        return Numbers.narrow(new BigDecimal(raw.toString()).toBigIntegerExact());
    }

    static BigInteger signedMax(int bits) {
        return BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
    }

    static BigInteger signedMin(int bits) {
        return BigInteger.ONE.shiftLeft(bits - 1).negate();
    }

    static BigInteger unsignedMax(int bits) {
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    }
}
