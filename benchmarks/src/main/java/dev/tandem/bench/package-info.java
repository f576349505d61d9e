/**
 * Benchmarks: programs, not tests, that measure Tandem against a baseline or a peer in the same run
 * on embedded services, and check their own work (rows on the target, outcomes counted) before they
 * print a figure; a run that did not do the work exits non-zero. One sub-package per part measured.
 */
package dev.tandem.bench;
