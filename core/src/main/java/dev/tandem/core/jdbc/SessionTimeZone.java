package dev.tandem.core.jdbc;

import dev.tandem.core.config.Redaction;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The check that a MySQL/MariaDB connection's session time zone is UTC: Tandem writes and reads
 * zone-less timestamps as UTC, and the server converts {@code TIMESTAMP} values and {@code NOW()} by
 * the session zone. PostgreSQL connections pass unchecked (Tandem binds {@code timestamptz} with its
 * zone).
 */
public final class SessionTimeZone {

    /** The Connector/J parameters that make every session use UTC. */
    public static final String URL_PARAMETERS = "connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true";

    /**
     * The abbreviations a server may report as {@code @@system_time_zone} for UTC. {@code GMT} is not
     * among them: it is also what Europe/London shows in winter.
     */
    private static final Set<String> UTC_SYSTEM_NAMES = Set.of("UTC", "UCT", "ETC/UTC", "ETC/UCT", "UNIVERSAL", "ZULU");

    private SessionTimeZone() {}

    /**
     * Fails with {@link SessionTimeZoneException} unless {@code connection} is PostgreSQL or a
     * MySQL/MariaDB session in UTC; {@code urlSetting} names where its URL is configured, e.g. {@code
     * tandem.reconciler.primary.url}.
     */
    public static void requireUtc(Connection connection, String urlSetting) throws SQLException {
        Optional<String> query = Dialect.of(connection).sessionTimeZones();
        if (query.isEmpty()) {
            return;
        }
        String session;
        String system;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(query.get())) {
            rs.next();
            session = rs.getString(1);
            system = rs.getString(2);
        }
        boolean utc = "SYSTEM".equalsIgnoreCase(session) ? isUtcSystemZone(system) : isUtc(session);
        if (!utc) {
            String zone = "SYSTEM".equalsIgnoreCase(session) ? "SYSTEM (the server's " + system + ")" : session;
            throw new SessionTimeZoneException(
                    urlSetting, Redaction.url(connection.getMetaData().getURL()), zone);
        }
    }

    /**
     * Whether the session zone {@code name} (an offset such as {@code +00:00} or a named zone) is UTC
     * at every instant: a zone at offset 0 only part of the year (Europe/London, Europe/Lisbon …) is
     * not.
     */
    static boolean isUtc(String name) {
        if (name == null || name.isBlank()) {
            return false;
        }
        String trimmed = name.trim();
        if (UTC_SYSTEM_NAMES.contains(trimmed.toUpperCase(Locale.ROOT))) {
            return true;
        }
        try {
            ZoneId zone = ZoneId.of(trimmed.equals("-00:00") ? "+00:00" : trimmed);
            return zone.getRules().isFixedOffset()
                    && zone.getRules().getOffset(Instant.EPOCH).equals(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** Whether the server's system zone, an abbreviation of the zone at its start, is UTC. */
    static boolean isUtcSystemZone(String name) {
        return name != null && UTC_SYSTEM_NAMES.contains(name.trim().toUpperCase(Locale.ROOT));
    }
}
