package dev.tandem.bench.peers;

import dev.tandem.testkit.EmbeddedDatabase;
import java.util.Map;

/**
 * Where a database client connects: a database on an embedded server on 127.0.0.1. The password
 * travels in the client's environment ({@link #environment()}), never on a command line.
 */
public record Server(
        EmbeddedDatabase.Engine engine, int port, String user, String password, String database, String jdbcUrl) {

    /** {@code database} on {@code server}. */
    public static Server of(EmbeddedDatabase server, String database) {
        return new Server(
                server.engine(),
                server.port(),
                server.username(),
                server.password(),
                database,
                server.jdbcUrl(database));
    }

    /** The client's environment: the password, as {@code MYSQL_PWD} or {@code PGPASSWORD}. */
    public Map<String, String> environment() {
        return Map.of(engine == EmbeddedDatabase.Engine.MARIADB ? "MYSQL_PWD" : "PGPASSWORD", password);
    }

    /** The client program of this engine. */
    public String client() {
        return engine == EmbeddedDatabase.Engine.MARIADB ? "mariadb" : "psql";
    }

    /**
     * A client command line that prints the result of {@code select}, one row per line, tab-separated:
     * {@code mariadb --quick --batch} (NULL as {@code NULL}), or {@code psql} running
     * {@code COPY (select) TO STDOUT}.
     */
    public String streaming(String select) {
        if (engine == EmbeddedDatabase.Engine.MARIADB) {
            return "mariadb --protocol=TCP -h 127.0.0.1 -P " + port + " -u " + ShellRun.quoted(user)
                    + " --quick --batch --skip-column-names " + ShellRun.quoted(database) + " -e "
                    + ShellRun.quoted(select);
        }
        return psql() + " -c " + ShellRun.quoted("COPY (" + select + ") TO STDOUT");
    }

    /**
     * A {@code psql} command line that loads rows from its standard input into {@code table}
     * ({@code COPY … FROM STDIN}, text format, {@code NULL} read as null as {@code mariadb --batch}
     * writes it).
     */
    public String copyingIn(String table, String columns) {
        if (engine != EmbeddedDatabase.Engine.POSTGRESQL) {
            throw new IllegalStateException("COPY FROM STDIN is PostgreSQL's; this is " + engine);
        }
        return psql() + " -c " + ShellRun.quoted("COPY " + table + " (" + columns + ") FROM STDIN WITH (NULL 'NULL')");
    }

    /** A URL in pgloader's form, without the password (pgloader reads it from the environment). */
    String pgloaderUrl() {
        return (engine == EmbeddedDatabase.Engine.MARIADB ? "mysql" : "postgresql") + "://" + user + "@127.0.0.1:"
                + port + "/" + database;
    }

    private String psql() {
        return "psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " + port + " -U " + ShellRun.quoted(user) + " -d "
                + ShellRun.quoted(database);
    }

    @Override
    public String toString() {
        return engine + " 127.0.0.1:" + port + "/" + database;
    }
}
