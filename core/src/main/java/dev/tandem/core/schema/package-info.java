/**
 * Tandem's own tables (the fence, the outbox, the run store, the backfill checkpoints) under
 * versioned migrations: each component's SQL scripts, one folder per engine under {@code
 * db/tandem/<component>/<engine>/V<n>__<description>.sql}, applied in order under a session lock and
 * recorded in the component's own history table, so that an upgrade of Tandem upgrades its tables.
 * {@link dev.tandem.core.schema.OwnTables} is the entry point.
 */
package dev.tandem.core.schema;
