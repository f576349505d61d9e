/**
 * {@code tandem run}, {@code runs} and {@code show}: the reconciler on demand, in its own context
 * without web server or schedule; {@code runs} and {@code show} open the run store alone
 * ({@link dev.tandem.cli.reconcile.ReconcilerContext}).
 */
package dev.tandem.cli.reconcile;
