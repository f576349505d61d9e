/**
 * Comparing one table in the two stores: the comparison rules per pair of column types, the binary
 * key order both sides are streamed in, and the one-pass merge join that finds every difference.
 */
package dev.tandem.reconcile.compare;
