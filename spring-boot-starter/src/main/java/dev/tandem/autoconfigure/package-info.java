/**
 * Spring Boot integration: {@code tandem.dualwrite.*} properties, the auto-configuration that wires
 * the secondary store, the retry hand-off and the dual writer, Micrometer metrics, and the capture of
 * JPA entity writes through Hibernate's post-commit events.
 */
package dev.tandem.autoconfigure;
