package dev.tandem.dualwrite.migration;

import dev.tandem.core.control.GateValues;
import dev.tandem.core.control.PhaseState;

/**
 * A finished cutover or rollback.
 *
 * @param from the state it started from
 * @param to the state with the roles swapped
 * @param gates the gate values it passed
 * @param writePauseMillis how long writes were held, from publishing the hold to publishing the swap
 */
public record CutoverResult(PhaseState from, PhaseState to, GateValues gates, long writePauseMillis) {}
