package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.core.jdbc.SessionTimeZone;
import dev.tandem.core.jdbc.SessionTimeZoneException;
import dev.tandem.testkit.EmbeddedMariaDb;
import dev.tandem.testkit.EmbeddedServices;
import java.sql.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A MariaDB secondary whose session time zone is not UTC is refused on its first apply, naming the URL's key. */
class SessionTimeZoneIT {

    private static final String DATABASE = "session_zone";

    private HikariDataSource offsetSession;
    private HikariDataSource utcSession;

    @BeforeEach
    void setUp() throws Exception {
        EmbeddedMariaDb server = EmbeddedServices.mariaDb();
        String utcUrl = server.jdbcUrl(DATABASE);
        String bare = utcUrl.replace("&" + SessionTimeZone.URL_PARAMETERS, "");
        assertThat(bare).doesNotContain("connectionTimeZone");
        // The server's own zone is UTC on the build machine; the session is moved away from it as a
        // server with --default-time-zone=+02:00 would do for every connection without the parameters.
        offsetSession = pool(bare + "&password=s3cret-in-url", server);
        offsetSession.setConnectionInitSql("SET time_zone = '+02:00'");
        utcSession = pool(utcUrl, server);
        try (Connection c = utcSession.getConnection()) {
            c.createStatement().execute("DROP TABLE IF EXISTS accounts");
            c.createStatement().execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, owner VARCHAR(50))");
        }
    }

    @AfterEach
    void tearDown() {
        offsetSession.close();
        utcSession.close();
    }

    @Test
    void firstApplyThroughANonUtcSessionFailsNamingTheUrlKeyAndTheParameters() {
        SecondaryStore store = SecondaryStore.fenced(offsetSession)
                .urlSetting("tandem.dualwrite.secondary.url")
                .build();

        Throwable failure = catchThrowable(() -> store.apply(upsert(1)));

        assertThat(failure)
                .isInstanceOf(SessionTimeZoneException.class)
                .hasMessageContaining("tandem.dualwrite.secondary.url")
                .hasMessageContaining("+02:00")
                .hasMessageContaining("connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true")
                .hasMessageNotContaining("s3cret-in-url");
        assertThat(FailureClassifier.isPermanent(failure))
                .as("the writes wait for the URL to be fixed, none is dead-lettered")
                .isFalse();
    }

    @Test
    void applyThroughAUtcSessionSucceeds() {
        SecondaryStore store = SecondaryStore.fenced(utcSession)
                .urlSetting("tandem.dualwrite.secondary.url")
                .build();

        assertThat(store.apply(upsert(1))).isEqualTo(ApplyOutcome.APPLIED);
    }

    private static Mutation upsert(long id) {
        return Mutation.upsert("accounts")
                .key("id", id)
                .version(1)
                .column("owner", "ann")
                .build();
    }

    private static HikariDataSource pool(String url, EmbeddedMariaDb server) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(server.username());
        pool.setMaximumPoolSize(2);
        return pool;
    }
}
