package dev.tandem.core.control;

import java.time.Instant;
import java.util.Objects;

/**
 * One phase change or refused change, as the audit topic keeps it.
 *
 * @param migration the migration
 * @param at when
 * @param by who asked
 * @param action {@code set}, {@code cutover}, {@code rollback} or {@code abort}
 * @param outcome {@code changed}, {@code held} (a cutover holds writes), {@code refused} or {@code aborted}
 * @param from the state before
 * @param to the state published, or null when refused
 * @param reason the operator's reason, or why it was refused or aborted
 * @param gates the gate values measured, or null when none were
 * @param writePauseMillis for a finished or aborted cutover, how long writes were held; else null
 */
public record AuditEntry(
        String migration,
        Instant at,
        String by,
        String action,
        String outcome,
        PhaseState from,
        PhaseState to,
        String reason,
        GateValues gates,
        Long writePauseMillis) {

    public AuditEntry {
        Objects.requireNonNull(migration, "migration");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** One line for logs and the command line. */
    public String describe() {
        return at + " " + migration + " " + action + " " + outcome + " by " + by + ": "
                + (from == null ? "-" : from.describe()) + " -> " + (to == null ? "-" : to.describe())
                + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")")
                + (gates == null ? "" : " gates[" + gates.describe() + "]")
                + (writePauseMillis == null ? "" : " write pause " + writePauseMillis + " ms");
    }
}
