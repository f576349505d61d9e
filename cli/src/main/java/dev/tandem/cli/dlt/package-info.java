/**
 * {@code tandem dlt list|show|replay|purge}: the retry consumer's dead-letter topic, over its Kafka
 * side only (no consumers, no secondary).
 */
package dev.tandem.cli.dlt;
