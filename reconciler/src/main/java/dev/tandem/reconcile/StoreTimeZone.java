package dev.tandem.reconcile;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.tandem.core.config.Redaction;
import dev.tandem.core.jdbc.SessionTimeZone;
import dev.tandem.core.jdbc.SessionTimeZoneException;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The start-up check that a MySQL/MariaDB store of the reconciler and the backfill talks UTC. A store
 * that cannot be reached yet is not checked here: its runs fail until it is, and its fenced writes
 * check again on their first connection.
 */
final class StoreTimeZone {

    private static final Logger log = LoggerFactory.getLogger(StoreTimeZone.class);

    private StoreTimeZone() {}

    /** Fails naming {@code urlKey} when {@code store}'s session zone is not UTC. */
    static HikariDataSource requireUtc(String urlKey, HikariDataSource store) {
        try (Connection connection = store.getConnection()) {
            SessionTimeZone.requireUtc(connection, urlKey);
        } catch (SessionTimeZoneException e) {
            store.close();
            throw new InvalidConfigurationPropertyValueException(
                    urlKey, Redaction.url(store.getJdbcUrl()), e.getMessage());
        } catch (SQLException | HikariPool.PoolInitializationException e) {
            log.warn("Could not check the session time zone of {} at start-up: {}", urlKey, e.getMessage());
        }
        return store;
    }
}
