package dev.tandem.cli;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.core.config.Redaction;
import java.sql.Connection;
import java.sql.SQLException;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Connects to each store of a command's context as the context starts, so that a wrong password or
 * an unreachable store ends the command before it does anything, with one line naming the store's
 * key ({@code tandem.reconciler.primary: could not connect to jdbc:mysql://…: Access denied …}).
 * The services tolerate a store that is down at start-up; a command that needs it cannot.
 */
public final class StoreConnections implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool) {
            check(pool, beanName);
        }
        return bean;
    }

    private static void check(HikariDataSource pool, String beanName) {
        try (Connection connection = pool.getConnection()) {
            connection.isValid(1);
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw new StartupFailure(
                    key(pool, beanName) + ": could not connect to " + Redaction.url(pool.getJdbcUrl())
                            + (pool.getUsername() != null ? " as " + pool.getUsername() : "") + ": "
                            + ExitCode.root(e),
                    e);
        }
    }

    /** The store's configuration key: the pool's name when it is one ({@code tandem-reconciler-primary}). */
    private static String key(HikariDataSource pool, String beanName) {
        String name = pool.getPoolName();
        return name != null && name.startsWith("tandem-") ? name.replace('-', '.') : "data source '" + beanName + "'";
    }
}
