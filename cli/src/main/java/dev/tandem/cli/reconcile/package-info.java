/**
 * {@code tandem run}, {@code runs} and {@code show}: the reconciler on demand, in its own context
 * without web server or schedule ({@link dev.tandem.cli.reconcile.ReconcilerContext}).
 */
package dev.tandem.cli.reconcile;
