/**
 * Tandem's Kafka clients, made in one place ({@link dev.tandem.core.kafka.KafkaClients}) so that every
 * producer is idempotent with {@code acks=all}, no consumer commits on its own, and Spring Boot's
 * {@code spring.kafka.*} with its SSL bundles reaches every client ({@link dev.tandem.core.kafka.SpringKafkaClients}).
 */
package dev.tandem.core.kafka;
