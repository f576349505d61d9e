/**
 * {@code tandem migration status|set|cutover|rollback|abort|audit}: the migration phases over the
 * control topic; needs only Kafka, no Spring context.
 */
package dev.tandem.cli.migration;
