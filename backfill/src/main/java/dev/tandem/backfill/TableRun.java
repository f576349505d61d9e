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
    private final ChunkWork work;
    private final TableProgress progress;
    final List<ChunkState> pending;
    private final int resumed;
    private final DeferredIndexes indexes;
    private final DeferredIndexes.Deferral deferral;
    private final List<String> failed = Collections.synchronizedList(new ArrayList<>());
    volatile String error;
    private final BooleanSupplier stopped;

    TableRun(
            BackfillTable table,
            TablePairing pairing,
            ChunkWork work,
            TableProgress progress,
            List<ChunkState> pending,
            int resumed,
            DeferredIndexes indexes,
            DeferredIndexes.Deferral deferral,
            BooleanSupplier stopped) {
        this.stopped = stopped;
        this.table = table;
        this.pairing = pairing;
        this.work = work;
        this.progress = progress;
        this.pending = pending;
        this.resumed = resumed;
        this.indexes = indexes;
        this.deferral = deferral;
    }

    /** Copies one chunk until it verifies or runs out of attempts, and checkpoints how it ended. */
    void copy(ChunkState state, String runId) throws Exception {
        ChunkState ended = work.copy(state, runId, stopped);
        if (ended.status() == ChunkState.Status.FAILED) {
            failed.add(ended.chunk().toString());
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
