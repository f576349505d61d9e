package dev.tandem.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.core.jdbc.SessionTimeZone;
import dev.tandem.core.pace.Busy;
import dev.tandem.testkit.EmbeddedDatabase;
import dev.tandem.testkit.EmbeddedServices;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** The reconciler's stores on MariaDB must talk UTC: a session at +02:00 stops it at start-up. */
class StoreTimeZoneIT {

    private static final String DATABASE = "reconciler_zone";

    private final EmbeddedDatabase mariaDb = EmbeddedServices.mariaDb();

    @Test
    void aPrimaryWhoseSessionIsNotUtcIsRefusedNamingItsUrlKeyAndTheParameters() {
        // Connector/J decodes parameter values: %2B is the '+' of +02:00.
        String url = withoutUtcParameters() + "&password=s3cret-in-url&sessionVariables=time_zone='%2B02:00'";

        assertThatThrownBy(() -> new ReconcilerConfiguration().reconcilerPrimary(properties(url)))
                .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                .hasMessageContaining("tandem.reconciler.primary.url")
                .hasMessageContaining("+02:00")
                .hasMessageContaining(SessionTimeZone.URL_PARAMETERS)
                .hasMessageNotContaining("s3cret-in-url");
    }

    @Test
    void aPrimaryWithTheUtcParametersStarts() {
        String url =
                withoutUtcParameters() + "&sessionVariables=time_zone='%2B02:00'&" + SessionTimeZone.URL_PARAMETERS;

        try (HikariDataSource primary = new ReconcilerConfiguration().reconcilerPrimary(properties(url))) {
            assertThat(primary.isRunning()).isTrue();
        }
    }

    private String withoutUtcParameters() {
        String url = mariaDb.jdbcUrl(DATABASE).replace("&" + SessionTimeZone.URL_PARAMETERS, "");
        assertThat(url).doesNotContain("connectionTimeZone");
        return url;
    }

    private ReconcilerProperties properties(String primaryUrl) {
        return new ReconcilerProperties(
                new ReconcilerProperties.Database(primaryUrl, mariaDb.username(), mariaDb.password(), 4),
                null,
                null,
                List.of(),
                Duration.ofSeconds(5),
                1000,
                20,
                "tandem.retry",
                "g",
                1000,
                "tandem_fence",
                Duration.ofSeconds(60),
                Duration.ofMinutes(10),
                Duration.ofDays(7),
                0,
                new Busy(64, Duration.ofSeconds(2)),
                new ReconcilerProperties.Schedule(true, "0 0 6 * * *", ZoneOffset.UTC),
                new ReconcilerProperties.Report(List.of(), "f@x", "[tandem]", 14),
                Duration.ofSeconds(30));
    }
}
