/**
 * A reconciliation run shared by worker processes on many hosts, over the core's task topic and
 * consumer group ({@link dev.tandem.core.work}): the coordinator splits each table into key-range
 * segments and publishes one task per segment; whichever worker holds a segment's partition streams
 * and merge-joins that segment, re-checks its differences and publishes the segment's result on the
 * results topic before its task is committed; the coordinator assembles the results, the first per
 * segment, into the one run that the reconciler stores and reports as it does an in-process run.
 */
package dev.tandem.reconcile.distributed;
