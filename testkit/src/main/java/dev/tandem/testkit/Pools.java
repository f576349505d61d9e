package dev.tandem.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** One small Hikari pool per database of a server, closed when the JVM exits. */
final class Pools {

    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final EmbeddedDatabase server;

    Pools(EmbeddedDatabase server) {
        this.server = server;
    }

    DataSource get(String database) {
        return pools.computeIfAbsent(database, this::create);
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

    private HikariDataSource create(String database) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(server.engine().name().toLowerCase() + "-" + database);
        config.setJdbcUrl(server.jdbcUrl(database));
        config.setUsername(server.username());
        config.setPassword(server.password());
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        // Tests stop the server on purpose; the pool must fail fast then, and recover when it is back.
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }
}
