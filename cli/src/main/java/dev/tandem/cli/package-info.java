/** The operator's command line, {@code tandem}: reconcile, backfill, dead letters and migration phases. */
package dev.tandem.cli;
