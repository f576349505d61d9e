package dev.tandem.backfill;

import dev.tandem.core.source.TablePairing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One table within a backfill run: what its workers share, and how each of its chunks is copied. */
final class TableRun {

    // Logged under the backfill's name: operators follow one logger.
    private static final Logger log = LoggerFactory.getLogger(Backfill.class);

    final BackfillTable table;
    private final TablePairing pairing;
    private final ChunkCopier copier;
    private final ChunkVerifier verifier;
    private final TableProgress progress;
    final List<ChunkState> pending;
    private final int resumed;
    private final DeferredIndexes indexes;
    private final DeferredIndexes.Deferral deferral;
    private final List<String> failed = Collections.synchronizedList(new ArrayList<>());
    volatile String error;
    private final Checkpoints checkpoints;
    private final BackfillOptions options;
    private final BooleanSupplier stopped;

    TableRun(
            BackfillTable table,
            TablePairing pairing,
            ChunkCopier copier,
            ChunkVerifier verifier,
            TableProgress progress,
            List<ChunkState> pending,
            int resumed,
            DeferredIndexes indexes,
            DeferredIndexes.Deferral deferral,
            Checkpoints checkpoints,
            BackfillOptions options,
            BooleanSupplier stopped) {
        this.checkpoints = checkpoints;
        this.options = options;
        this.stopped = stopped;
        this.table = table;
        this.pairing = pairing;
        this.copier = copier;
        this.verifier = verifier;
        this.progress = progress;
        this.pending = pending;
        this.resumed = resumed;
        this.indexes = indexes;
        this.deferral = deferral;
    }

    /** Copies one chunk until it verifies or runs out of attempts, and checkpoints how it ended. */
    void copy(ChunkState state, String runId) throws Exception {
        Chunk chunk = state.chunk();
        int attempts = state.attempts();
        // A chunk that failed before is copied as repairs: rewritten at an equal version too.
        boolean repair = state.status() == ChunkState.Status.FAILED;
        while (true) {
            if (stopped.getAsBoolean()) {
                throw new BackfillStoppedException(chunk);
            }
            attempts++;
            long started = System.nanoTime();
            ChunkCopier.Copied copied = copier.copy(chunk, repair, stopped);
            long copiedAt = System.nanoTime();
            if (verifier == null) {
                finish(state, ChunkState.Status.DONE, copied.rows(), attempts, "SKIPPED", 0, runId);
                return;
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
                finish(state, ChunkState.Status.DONE, copied.rows(), attempts, "PASSED", 0, runId);
                return;
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
                finish(state, ChunkState.Status.FAILED, copied.rows(), attempts, "FAILED", confirmed, runId);
                failed.add(chunk.toString());
                return;
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

    private void finish(
            ChunkState state,
            ChunkState.Status status,
            long rows,
            int attempts,
            String verification,
            long differences,
            String runId)
            throws Exception {
        checkpoints.finish(new ChunkState(state.chunk(), status, rows, attempts, verification, differences, runId));
        if (status == ChunkState.Status.DONE) {
            progress.chunkDone();
        }
    }

    TableOutcome finish() throws Exception {
        List<String> restored = List.of();
        boolean allDone = progress.chunksDone() == progress.chunks();
        if (allDone && error == null) {
            restored = indexes.restore(pairing.secondaryTable()).stream()
                    .map(DeferredIndex::name)
                    .toList();
        } else if (!deferral.dropped().isEmpty()) {
            log.warn(
                    "Backfill of {} is not complete: indexes {} stay dropped until a run completes it",
                    table.name(),
                    deferral.dropped().stream().map(DeferredIndex::name).toList());
        }
        progress.finished();
        log.info("Backfill {}", progress.describe());
        return new TableOutcome(
                table.name(),
                progress.plannedRows(),
                progress.rowsThisRun(),
                progress.rowsPerSecond(),
                progress.chunks(),
                progress.chunksDone(),
                resumed,
                failed,
                restored,
                deferral.kept(),
                error);
    }
}
