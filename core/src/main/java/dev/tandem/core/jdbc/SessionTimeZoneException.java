package dev.tandem.core.jdbc;

/**
 * A MySQL/MariaDB connection whose session time zone is not UTC: a configuration error that retrying
 * does not fix (the URL or the server's zone must change), but that loses nothing while it lasts.
 */
public final class SessionTimeZoneException extends IllegalStateException {

    private final String urlSetting;

    SessionTimeZoneException(String urlSetting, String maskedUrl, String zone) {
        super("The MySQL/MariaDB session time zone of " + urlSetting + " (" + maskedUrl + ") is " + zone
                + ", not UTC: Tandem stores and compares timestamps in UTC. Add "
                + SessionTimeZone.URL_PARAMETERS + " to " + urlSetting);
        this.urlSetting = urlSetting;
    }

    /** Where the connection's URL is configured, e.g. {@code tandem.reconciler.primary.url}. */
    public String urlSetting() {
        return urlSetting;
    }
}
