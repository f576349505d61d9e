package dev.tandem.core.fence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.testkit.EmbeddedDatabase.Engine;
import dev.tandem.testkit.EmbeddedServices;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule as each dialect that states it in SQL ({@link Dialect#advanceNewerFenceRows}: PostgreSQL;
 * MySQL and MariaDB have none and take the Java rule) against the {@link FenceContract}'s cases without
 * repairs, which the fenced store always judges in Java: the statement writes the incoming state
 * exactly where the contract says APPLIED and leaves the stored state otherwise.
 */
class FenceSqlContractIT {

    private static final String FENCE = "tandem_fence";
    private static final AtomicInteger rows = new AtomicInteger();
    private static final Map<Engine, DataSource> databases = new EnumMap<>(Engine.class);

    static Stream<Arguments> sqlRulesAndCases() throws SQLException {
        List<Arguments> arguments = new ArrayList<>();
        for (Engine engine : Engine.values()) {
            DataSource db = database(engine);
            try (Connection connection = db.getConnection()) {
                if (Dialect.of(connection).advanceNewerFenceRows(FENCE, 1).isPresent()) {
                    FenceContract.newerWins().forEach(c -> arguments.add(Arguments.of(engine, c)));
                }
            }
        }
        assertThat(arguments).as("at least PostgreSQL states the rule in SQL").isNotEmpty();
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("sqlRulesAndCases")
    void theSqlRuleKeepsTheFenceContract(Engine engine, FenceContract.Case contract) throws SQLException {
        byte[] keyHash = ("row-" + rows.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
        try (Connection connection = database(engine).getConnection()) {
            Dialect dialect = Dialect.of(connection);
            if (contract.stored()) {
                try (PreparedStatement write = connection.prepareStatement(dialect.writeFenceRows(FENCE, 1))) {
                    bind(write, keyHash, contract.storedVersion(), contract.storedDeleted());
                    write.executeUpdate();
                }
            }

            boolean written;
            try (PreparedStatement advance = connection.prepareStatement(
                    dialect.advanceNewerFenceRows(FENCE, 1).orElseThrow())) {
                bind(advance, keyHash, contract.version(), contract.delete());
                try (ResultSet returned = advance.executeQuery()) {
                    written = returned.next();
                }
            }

            // The statement tells written or not: STALE and DUPLICATE both leave the stored state.
            assertThat(written).isEqualTo(contract.expected() == ApplyOutcome.APPLIED);
            FenceState expected = written
                    ? new FenceState(contract.version(), contract.delete())
                    : new FenceState(contract.storedVersion(), contract.storedDeleted());
            assertThat(state(connection, dialect, keyHash)).hasValue(expected);
        }
    }

    private static void bind(PreparedStatement statement, byte[] keyHash, long version, boolean deleted)
            throws SQLException {
        statement.setString(1, "accounts");
        statement.setBytes(2, keyHash);
        statement.setString(3, "id=" + new String(keyHash, StandardCharsets.UTF_8));
        statement.setLong(4, version);
        statement.setBoolean(5, deleted);
        statement.setString(6, UUID.randomUUID().toString());
    }

    private static Optional<FenceState> state(Connection connection, Dialect dialect, byte[] keyHash)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version, deleted FROM " + dialect.quote(FENCE) + " WHERE table_name = ? AND key_hash = ?")) {
            select.setString(1, "accounts");
            select.setBytes(2, keyHash);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new FenceState(rs.getLong(1), rs.getBoolean(2))) : Optional.empty();
            }
        }
    }

    private static synchronized DataSource database(Engine engine) throws SQLException {
        DataSource db = databases.get(engine);
        if (db == null) {
            db = EmbeddedServices.database(engine)
                    .dataSource("fence_sql_" + ProcessHandle.current().pid());
            try (Connection connection = db.getConnection()) {
                FenceMigrations.of(FENCE).migrate(connection);
            }
            databases.put(engine, db);
        }
        return db;
    }
}
