package dev.tandem.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Small Hikari pools per database of a server, closed when the JVM exits: the ordinary ones, which
 * wait as long as a busy build machine may need for a connection, and the outage ones, which fail
 * fast for tests that stop the server on purpose.
 */
final class Pools {

    /**
     * How long an ordinary pool waits for a connection. Generous: on a busy machine (several builds
     * and embedded servers sharing two cores) a connection can take seconds to open.
     */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(30);

    /** How long an outage pool waits for a connection: a stopped server must fail a request quickly. */
    static final Duration OUTAGE_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final EmbeddedDatabase server;

    Pools(EmbeddedDatabase server) {
        this.server = server;
    }

    DataSource get(String database) {
        return pools.computeIfAbsent(database, d -> create(d, d, CONNECTION_TIMEOUT));
    }

    DataSource outage(String database) {
        String name = database + "-outage";
        return pools.computeIfAbsent(name, n -> create(database, n, OUTAGE_CONNECTION_TIMEOUT));
    }

    /** Drops pooled connections, e.g. after the server stopped, so that none is handed out dead. */
    void evictAll() {
        pools.values().forEach(pool -> {
            if (pool.getHikariPoolMXBean() != null) {
                pool.getHikariPoolMXBean().softEvictConnections();
            }
        });
    }

    void closeAll() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }

    private HikariDataSource create(String database, String name, Duration connectionTimeout) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(server.engine().name().toLowerCase() + "-" + name);
        config.setJdbcUrl(server.jdbcUrl(database));
        config.setUsername(server.username());
        config.setPassword(server.password());
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setValidationTimeout(1_000);
        // Tests stop the server on purpose: the pool must recover by itself when it is back.
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
