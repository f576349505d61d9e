package dev.tandem.backfill;

/** The backfill was stopped while copying a chunk; the chunk stays pending and is copied again on resume. */
final class BackfillStoppedException extends RuntimeException {

    BackfillStoppedException(Chunk chunk) {
        super("Backfill stopped while copying " + chunk);
    }
}
