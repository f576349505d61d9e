package dev.tandem.backfill;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.ApplyResult;
import dev.tandem.core.DaemonThreads;
import dev.tandem.core.Mutation;
import dev.tandem.core.RowVersions;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.compare.SourceRow;
import dev.tandem.core.jdbc.Column;
import dev.tandem.core.pace.Throttle;
import dev.tandem.core.source.KeyRangeReader;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Copies the chunks of one table: pages of the primary read with keyset pagination, each page applied
 * to the secondary in one fenced batch, every row at the version its version column held when read.
 * The page size adapts so that a page takes about the target duration (shared by the table's workers).
 */
final class ChunkCopier {

    /** What copying one chunk did. */
    record Copied(long rows, long applied, long skipped) {}

    private final BackfillTable table;
    private final KeyRangeReader primary;
    private final SecondaryStore secondary;
    private final List<String> keyNames;
    private final List<String> columnNames;
    private final int versionIndex;
    private final BackfillOptions options;
    private final Throttle throttle;
    private final TableProgress progress;
    private final AtomicInteger batchRows;

    /**
     * Reads beside the workers: the primary's next page while a worker applies the current one, and
     * the secondary's side of a chunk being verified. Blocking JDBC, so not the common pool.
     */
    static final ExecutorService READ_AHEAD =
            Executors.newCachedThreadPool(DaemonThreads.named("tandem-backfill-reader"));

    ChunkCopier(
            BackfillTable table,
            KeyRangeReader primary,
            SecondaryStore secondary,
            BackfillOptions options,
            Throttle throttle,
            TableProgress progress) {
        this.table = table;
        this.primary = primary;
        this.secondary = secondary;
        this.options = options;
        this.throttle = throttle;
        this.progress = progress;
        this.keyNames = primary.keys().stream().map(Column::name).toList();
        this.columnNames = primary.columns().stream().map(Column::name).toList();
        this.versionIndex = indexOf(columnNames, table.versionColumn());
        if (versionIndex < 0) {
            throw new IllegalArgumentException("Table '" + table.name() + "' of the primary has no version column '"
                    + table.versionColumn() + "' (columns: " + columnNames + ")");
        }
        this.batchRows = new AtomicInteger(options.batchRows());
    }

    /** A reader of every column of {@code table} in the primary, key first. */
    static KeyRangeReader reader(javax.sql.DataSource primary, BackfillTable table) throws SQLException {
        KeyRangeReader keysOnly =
                KeyRangeReader.of(primary, table.name(), table.spec().keyColumns(), List.of());
        return KeyRangeReader.of(primary, table.name(), table.spec().keyColumns(), keysOnly.nonKeyColumnNames());
    }

    /**
     * Copies {@code chunk}; as repairs when {@code repair} (a re-copy after a failed verification:
     * applied at an equal version too, never over a newer write).
     *
     * @throws BackfillStoppedException when {@code stopped} turned true before the chunk was done
     */
    Copied copy(Chunk chunk, boolean repair, BooleanSupplier stopped) throws Exception {
        long rows = 0;
        long applied = 0;
        int size = batchRows.get();
        List<SourceRow> page = primary.read(chunk.after(), chunk.upTo(), size);
        while (!page.isEmpty()) {
            throttle.awaitCalm(stopped);
            throttle.awaitRate(page.size(), stopped);
            if (stopped.getAsBoolean()) {
                throw new BackfillStoppedException(chunk);
            }
            long started = System.nanoTime();
            // The next page is read from the primary while this one is applied to the secondary.
            boolean last = page.size() < size;
            List<Object> after = page.get(page.size() - 1).key();
            int nextSize = batchRows.get();
            CompletableFuture<List<SourceRow>> next = last
                    ? CompletableFuture.completedFuture(List.of())
                    : CompletableFuture.supplyAsync(() -> read(after, chunk.upTo(), nextSize), READ_AHEAD);
            List<Mutation> mutations = new ArrayList<>(page.size());
            for (SourceRow row : page) {
                mutations.add(mutation(row, repair));
            }
            for (ApplyResult result : secondary.applyAll(mutations)) {
                if (result.outcome() == ApplyOutcome.APPLIED) {
                    applied++;
                }
            }
            rows += page.size();
            progress.copied(page.size());
            adapt(size, page.size(), System.nanoTime() - started);
            try {
                page = next.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
            size = nextSize;
        }
        return new Copied(rows, applied, rows - applied);
    }

    private List<SourceRow> read(List<Object> after, List<Object> upTo, int size) {
        try {
            return primary.read(after, upTo, size);
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    private Mutation mutation(SourceRow row, boolean repair) {
        Mutation.Builder mutation = Mutation.upsert(table.name()).repair(repair);
        for (int i = 0; i < keyNames.size(); i++) {
            mutation.key(keyNames.get(i), row.key().get(i));
        }
        for (int i = 0; i < columnNames.size(); i++) {
            mutation.column(columnNames.get(i), row.values().get(i));
        }
        Object version = row.values().get(versionIndex);
        try {
            mutation.version(RowVersions.of(version));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Row " + row.key() + " of table '" + table.name() + "': version column '" + table.versionColumn()
                            + "': " + e.getMessage(),
                    e);
        }
        return mutation.build();
    }

    /** Grows or shrinks the page towards the target duration, at most doubling or halving at once. */
    private void adapt(int size, int read, long nanos) {
        if (read < size || nanos <= 0) {
            return;
        }
        double factor = (double) options.targetBatchDuration().toNanos() / nanos;
        int next = (int) Math.round(size * Math.max(0.5, Math.min(2.0, factor)));
        batchRows.set(Math.max(Math.min(100, options.batchRows()), Math.min(options.maxBatchRows(), next)));
    }

    private static int indexOf(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
