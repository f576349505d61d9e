/**
 * The migration's control topic, read and written by every process taking part: the current
 * {@link dev.tandem.core.control.PhaseState} of each migration, the reconciler's
 * {@link dev.tandem.core.control.ReconcileVerdict}, each instance's report and the audit trail of
 * phase changes ({@link dev.tandem.core.control.ControlTopic}).
 */
package dev.tandem.core.control;
