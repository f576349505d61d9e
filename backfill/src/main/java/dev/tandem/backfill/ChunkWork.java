package dev.tandem.backfill;

import dev.tandem.core.pace.Throttle;
import dev.tandem.core.source.TablePairing;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the chunks of one table are copied, by the threads of an in-process run and by a distributed
 * worker alike: each chunk until it verifies or runs out of attempts, then its end checkpointed with
 * the worker that finished it.
 */
final class ChunkWork {

    // Logged under the backfill's name: operators follow one logger.
    private static final Logger log = LoggerFactory.getLogger(Backfill.class);

    private final BackfillTable table;
    private final ChunkCopier copier;
    private final ChunkVerifier verifier;
    private final TableProgress progress;
    private final Checkpoints checkpoints;
    private final BackfillOptions options;
    private final String worker;

    private ChunkWork(
            BackfillTable table,
            ChunkCopier copier,
            ChunkVerifier verifier,
            TableProgress progress,
            Checkpoints checkpoints,
            BackfillOptions options,
            String worker) {
        this.table = table;
        this.copier = copier;
        this.verifier = verifier;
        this.progress = progress;
        this.checkpoints = checkpoints;
        this.options = options;
        this.worker = worker;
    }

    /**
     * The copier and verifier of {@code table} over both stores.
     *
     * @throws IllegalArgumentException naming a table or column that does not fit
     */
    static ChunkWork of(
            BackfillSides sides,
            BackfillTable table,
            BackfillOptions options,
            Throttle throttle,
            TableProgress progress,
            String worker)
            throws Exception {
        TablePairing pairing = TablePairing.of(sides.primary(), sides.secondary(), table.spec(), sides.mapping());
        ChunkCopier copier = new ChunkCopier(
                table, ChunkCopier.reader(sides.primary(), table), sides.store(), options, throttle, progress);
        ChunkVerifier verifier = options.verify()
                ? new ChunkVerifier(sides.primary(), sides.secondary(), pairing, options.verifySettle())
                : null;
        return new ChunkWork(table, copier, verifier, progress, sides.checkpoints(), options, worker);
    }

    /**
     * Copies one chunk until it verifies or runs out of attempts, checkpoints how it ended, and returns
     * that state.
     *
     * @throws BackfillStoppedException when {@code stopped} turned true first (the chunk stays as it was)
     */
    ChunkState copy(ChunkState state, String runId, BooleanSupplier stopped) throws Exception {
        Chunk chunk = state.chunk();
        int attempts = state.attempts();
        // A chunk that failed before is copied as repairs: rewritten at an equal version too.
        boolean repair = state.status() == ChunkState.Status.FAILED;
        while (true) {
            if (stopped.getAsBoolean()) {
                throw new BackfillStoppedException(chunk);
            }
            attempts++;
            long startedAt = System.currentTimeMillis();
            long started = System.nanoTime();
            ChunkCopier.Copied copied = copier.copy(chunk, repair, stopped);
            long copiedAt = System.nanoTime();
            if (verifier == null) {
                return finish(state, ChunkState.Status.DONE, copied.rows(), attempts, "SKIPPED", 0, runId, startedAt);
            }
            ChunkVerifier.Verification verification = verifier.verify(chunk);
            log.debug(
                    "Backfill of {}: chunk {} copied ({} rows, {} applied) in {} ms, verified in {} ms",
                    table.name(),
                    chunk,
                    copied.rows(),
                    copied.applied(),
                    (copiedAt - started) / 1_000_000,
                    (System.nanoTime() - copiedAt) / 1_000_000);
            if (verification.passed()) {
                return finish(state, ChunkState.Status.DONE, copied.rows(), attempts, "PASSED", 0, runId, startedAt);
            }
            int confirmed = verification.confirmed().size();
            if (attempts >= options.maxAttempts()) {
                log.error(
                        "Backfill of {}: chunk {} still has {} confirmed difference(s) after {} attempt(s),"
                                + " e.g. key {}; it is marked FAILED and copied again by the next run",
                        table.name(),
                        chunk,
                        confirmed,
                        attempts,
                        verification.confirmed().get(0).found().key());
                return finish(
                        state,
                        ChunkState.Status.FAILED,
                        copied.rows(),
                        attempts,
                        "FAILED",
                        confirmed,
                        runId,
                        startedAt);
            }
            log.warn(
                    "Backfill of {}: verification of chunk {} confirmed {} difference(s) (e.g. key {});"
                            + " copying it again as repairs (attempt {} of {})",
                    table.name(),
                    chunk,
                    confirmed,
                    verification.confirmed().get(0).found().key(),
                    attempts + 1,
                    options.maxAttempts());
            repair = true;
        }
    }

    private ChunkState finish(
            ChunkState state,
            ChunkState.Status status,
            long rows,
            int attempts,
            String verification,
            long differences,
            String runId,
            long startedAt)
            throws Exception {
        ChunkState ended = new ChunkState(state.chunk(), status, rows, attempts, verification, differences, runId);
        checkpoints.finish(ended, worker, startedAt);
        if (status == ChunkState.Status.DONE) {
            progress.chunkDone();
        }
        return ended;
    }
}
