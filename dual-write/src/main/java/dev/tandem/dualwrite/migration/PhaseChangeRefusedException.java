package dev.tandem.dualwrite.migration;

/**
 * A phase change, cutover or rollback was refused; nothing changed. The message names the
 * migration, the phases and the reason, e.g. a failing gate with its value.
 */
public class PhaseChangeRefusedException extends RuntimeException {

    private final String migration;

    public PhaseChangeRefusedException(String migration, String message) {
        super("Migration '" + migration + "': " + message);
        this.migration = migration;
    }

    public PhaseChangeRefusedException(String migration, String message, Throwable cause) {
        super("Migration '" + migration + "': " + message, cause);
        this.migration = migration;
    }

    public String migration() {
        return migration;
    }
}
