package dev.tandem.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.core.FailureClassifier;
import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.fence.FenceProperties;
import dev.tandem.core.jdbc.SessionTimeZone;
import dev.tandem.core.jdbc.SessionTimeZoneException;
import dev.tandem.core.mapping.MappingProperties;
import dev.tandem.testkit.EmbeddedDatabase;
import dev.tandem.testkit.EmbeddedServices;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The retry consumer's MariaDB secondary must talk UTC; until it does, records wait instead of being dead-lettered. */
class SecondaryTimeZoneIT {

    @Test
    void applyThroughANonUtcSessionFailsTransientlyNamingSpringDatasourceUrl() {
        EmbeddedDatabase mariaDb = EmbeddedServices.mariaDb();
        String url = mariaDb.jdbcUrl("retry_zone").replace("&" + SessionTimeZone.URL_PARAMETERS, "")
                + "&sessionVariables=time_zone='%2B02:00'";
        try (HikariDataSource secondary = new HikariDataSource()) {
            secondary.setJdbcUrl(url);
            secondary.setUsername(mariaDb.username());
            SecondaryStore store = new ConsumingConfiguration()
                    .secondaryStore(
                            secondary, properties(), new MappingProperties(List.of()), new FenceProperties(null, null));
            Mutation write = Mutation.upsert("accounts").key("id", 1).version(1).build();

            assertThatThrownBy(() -> store.apply(write))
                    .isInstanceOf(SessionTimeZoneException.class)
                    .hasMessageContaining("spring.datasource.url")
                    .hasMessageContaining(SessionTimeZone.URL_PARAMETERS)
                    .satisfies(e -> assertThat(FailureClassifier.isPermanent(e)).isFalse());
        }
    }

    private static RetryConsumerProperties properties() {
        return new RetryConsumerProperties(
                true,
                "tandem.retry",
                "tandem.retry.dlt",
                1,
                500,
                Duration.ofMillis(500),
                "tandem_fence",
                Duration.ofSeconds(10),
                new RetryConsumerProperties.Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), 2.0, 0.5),
                new RetryConsumerProperties.Lag(true, Duration.ofSeconds(5), Duration.ofSeconds(60)));
    }
}
