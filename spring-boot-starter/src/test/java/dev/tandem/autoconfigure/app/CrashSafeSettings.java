package dev.tandem.autoconfigure.app;

/** The payments service's settings in crash-safe mode, on a MariaDB or PostgreSQL primary (told by its URL), shared by the crash test and its forked JVM. */
public final class CrashSafeSettings {

    private CrashSafeSettings() {}

    public static String[] properties(
            String primaryUrl,
            String secondaryUrl,
            String kafka,
            String topic,
            String spool,
            String ddlAuto,
            String relayAge) {
        boolean postgres = primaryUrl.startsWith("jdbc:postgresql:");
        return new String[] {
            "spring.main.banner-mode=off",
            "spring.datasource.url=" + primaryUrl,
            "spring.datasource.username=" + (postgres ? "postgres" : "root"),
            "spring.jpa.hibernate.ddl-auto=" + ddlAuto,
            "spring.jpa.database-platform=org.hibernate.dialect." + (postgres ? "PostgreSQLDialect" : "MariaDBDialect"),
            "spring.jpa.open-in-view=false",
            "tandem.dualwrite.crash-safe=true",
            "tandem.dualwrite.outbox.relay-age=" + relayAge,
            "tandem.dualwrite.outbox.relay-interval=200ms",
            "tandem.dualwrite.secondary.url=" + secondaryUrl,
            "tandem.dualwrite.secondary.username=postgres",
            "tandem.dualwrite.kafka.bootstrap-servers=" + kafka,
            "tandem.dualwrite.kafka.topic=" + topic,
            "tandem.dualwrite.spool.directory=" + spool,
            "tandem.dualwrite.tables[0].name=counters"
        };
    }
}
