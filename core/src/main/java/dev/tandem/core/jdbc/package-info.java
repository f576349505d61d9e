/**
 * JDBC adapters: a {@link dev.tandem.core.jdbc.Dialect} per engine, the secondary's schema as
 * read from its metadata, and the typed binding and reading of column values. All SQL is built from
 * identifiers checked against the schema and quoted; values are always bound as parameters.
 */
package dev.tandem.core.jdbc;
