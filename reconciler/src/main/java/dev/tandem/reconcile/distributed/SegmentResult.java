package dev.tandem.reconcile.distributed;

import dev.tandem.reconcile.run.TableResult;

/**
 * What a worker made of one segment: the segment's comparison, or why it could not be compared.
 *
 * @param run the run's id
 * @param table the table, as the task named it
 * @param segment the segment's number
 * @param worker the worker that compared it
 * @param result the comparison of the segment (its differences re-checked); null when {@code error} is set
 * @param error why the segment could not be compared; null when it was
 */
record SegmentResult(long run, String table, int segment, String worker, TableResult result, String error) {

    SegmentResult {
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("A segment result has either a comparison or an error");
        }
    }

    /** The id of its segment, {@code run/table/segment}: the result's key on the results topic. */
    String key() {
        return SegmentTask.key(run, table, segment);
    }
}
