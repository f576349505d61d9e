/**
 * Applying retry-topic records to the secondary: failures are classified as transient (retry the
 * same records later) or permanent (dead-letter the poison records only), and a batch with a poison
 * record is split until the poison is isolated.
 */
package dev.tandem.retry.apply;
