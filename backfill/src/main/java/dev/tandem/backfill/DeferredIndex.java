package dev.tandem.backfill;

/**
 * A secondary index of the secondary dropped for the copy and recreated after it.
 *
 * @param table the secondary's table
 * @param name the index's name
 * @param ddl the statement that recreates it
 */
public record DeferredIndex(String table, String name, String ddl) {}
