/**
 * {@code tandem backfill}: the backfill library ({@code dev.tandem.backfill}) wired from {@code
 * tandem.backfill.*} on the reconciler's stores, schema mapping and table specs ({@code
 * BackfillConfiguration}); neither the reconciler service nor the library depends on the other.
 */
package dev.tandem.cli.backfill;
