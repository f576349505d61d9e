package dev.tandem.autoconfigure;

import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * The secondary's DataSource, held in a bean of its own type so that the application keeps exactly
 * one {@code DataSource} bean (the primary) and Spring Boot's JPA and JDBC auto-configuration stay
 * unaffected.
 */
public final class SecondaryDataSource implements AutoCloseable {

    private final DataSource dataSource;

    SecondaryDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        if (dataSource instanceof HikariDataSource owned) {
            owned.close();
        }
    }
}
