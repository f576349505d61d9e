package dev.tandem.bench.peers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * pgloader copying one table from a MySQL/MariaDB database into an existing PostgreSQL table of
 * the same name ({@code data only}), with a given number of workers: what a user would run instead
 * of Tandem's backfill.
 */
public final class Pgloader {

    private Pgloader() {}

    /** Whether pgloader (and {@code /usr/bin/time}) are installed. */
    public static boolean available() {
        return ShellRun.available("pgloader");
    }

    /** Copies {@code table} from {@code source} into {@code target}; fails unless pgloader succeeds. */
    public static ShellRun copy(Server source, Server target, String table, int workers)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tandem-bench-pgloader");
        try {
            Path load = dir.resolve("copy.load");
            Files.writeString(
                    load,
                    "LOAD DATABASE\n"
                            + "  FROM " + source.pgloaderUrl() + "\n"
                            + "  INTO " + target.pgloaderUrl() + "\n"
                            + "  WITH data only, workers = " + workers + ", concurrency = 1\n"
                            + "  INCLUDING ONLY TABLE NAMES MATCHING '" + table + "'\n"
                            + "  ALTER SCHEMA '" + source.database() + "' RENAME TO 'public';\n",
                    StandardCharsets.UTF_8);
            Map<String, String> environment = new HashMap<>();
            // pgloader reads the passwords from the clients' usual variables.
            environment.put("MYSQL_PWD", source.password());
            environment.put("PGPASSWORD", target.password());
            return ShellRun.of(
                    "pgloader (" + workers + " workers)",
                    "pgloader --on-error-stop --root-dir " + ShellRun.quoted(dir.toString()) + " "
                            + ShellRun.quoted(load.toString()),
                    environment,
                    3_600);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
