package dev.tandem.dualwrite.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.core.Mutation;
import dev.tandem.core.jdbc.Dialect;
import dev.tandem.testkit.EmbeddedDatabase;
import dev.tandem.testkit.EmbeddedDatabase.Engine;
import dev.tandem.testkit.EmbeddedServices;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The outbox insert is prepared once per physical connection, behind a pool handing out a proxy per checkout. */
class AppendStatementsIT {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aPooledConnectionHandedOutAgainReusesItsPreparedInsert(Engine engine) throws Exception {
        EmbeddedDatabase server = EmbeddedServices.database(engine);
        String database = "outbox_" + UUID.randomUUID().toString().substring(0, 8);
        server.dataSource(database); // creates the database
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.jdbcUrl(database));
        config.setUsername(server.username());
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config);
                Outbox outbox = new Outbox(
                        pool, Outbox.DEFAULT_TABLE, Duration.ofHours(1), Duration.ofHours(1), 10, m -> true)) {
            AppendStatements statements;
            PreparedStatement first;
            Connection physical;
            try (Connection c = pool.getConnection()) {
                statements = new AppendStatements(new OutboxSql(Dialect.of(c), Outbox.DEFAULT_TABLE));
                first = statements.insert(c);
                physical = c.unwrap(Connection.class);
                assertThat(statements.insert(c)).isSameAs(first);
            }
            try (Connection again = pool.getConnection()) {
                assertThat(again.unwrap(Connection.class))
                        .as("the pool's one connection")
                        .isSameAs(physical);
                assertThat(statements.insert(again)).isSameAs(first);
                again.setAutoCommit(false);
                long a = outbox.append(again, Mutation.upsert("t").key("id", 1L).build(), true);
                long b = outbox.append(again, Mutation.upsert("t").key("id", 2L).build(), true);
                again.commit();
                assertThat(b).isGreaterThan(a);
            }
            statements.close();
            assertThat(first.isClosed()).isTrue();
        }
    }
}
