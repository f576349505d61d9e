package dev.tandem.reconcile.run;

/** Told, as a table's comparison goes, how many more rows of the primary were compared. */
@FunctionalInterface
public interface ProgressListener {

    void progressed(String table, long moreRows);
}
