package dev.tandem.reconcile.run;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Names a store by what its connection says of itself: engine and version, host and port, database.
 * Users, passwords and URL parameters are never part of it.
 */
final class StoreDescription {

    /** {@code //[user[:password]@]host[:port][,host…]} up to the path or the parameters. */
    private static final Pattern HOSTS = Pattern.compile("//(?:[^@/?;]*@)?([^/?;]+)");

    private StoreDescription() {}

    /** E.g. {@code MariaDB 10.11.6 at 127.0.0.1:3306, database shop}; what went wrong if it cannot be asked. */
    static String of(DataSource store) {
        try (Connection connection = store.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String database = connection.getCatalog();
            return engine(meta.getDatabaseProductName(), meta.getDatabaseProductVersion())
                    + " at " + host(meta.getURL())
                    + (database == null || database.isBlank() ? "" : ", database " + database);
        } catch (SQLException e) {
            return "unknown (could not be asked: " + e.getClass().getSimpleName() + ")";
        }
    }

    /** MariaDB through Connector/J calls itself MySQL with a version such as {@code 10.11.6-MariaDB}. */
    static String engine(String product, String version) {
        if (version == null) {
            return product;
        }
        if (version.contains("MariaDB")) {
            String number = version.replaceFirst("^5\\.5\\.5-", "");
            return "MariaDB " + number.substring(0, number.indexOf('-') < 0 ? number.length() : number.indexOf('-'));
        }
        int space = version.indexOf(' ');
        return product + " " + (space < 0 ? version : version.substring(0, space));
    }

    static String host(String url) {
        if (url == null) {
            return "an unknown host";
        }
        Matcher hosts = HOSTS.matcher(url);
        return hosts.find() ? hosts.group(1) : "an unknown host";
    }
}
