/**
 * The JDBC row source: both stores streamed in the same binary key order, in keyset-paginated
 * ranges, with read-ahead; a table of the primary paired with its twin on the secondary through the
 * schema mapping; rows looked up by key. The reconciler, the backfill and the migration's shadow reads
 * and cutover verification read through it.
 */
package dev.tandem.core.source;
