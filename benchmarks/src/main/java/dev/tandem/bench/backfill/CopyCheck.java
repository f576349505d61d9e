package dev.tandem.bench.backfill;

import dev.tandem.backfill.Checkpoints;
import dev.tandem.backfill.ChunkState;
import dev.tandem.backfill.ChunkTally;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What {@link BackfillWorkersBenchmark} checks of a run before it prints a figure, besides the rows
 * themselves ({@link SameRows}): every chunk of {@code big} DONE in the checkpoints, by one run, by
 * workers that were started, with {@code rows} rows copied in all; and for a distributed run, every
 * chunk reported finished by exactly one worker, once.
 */
final class CopyCheck {

    /** The line a worker prints per chunk it finished ({@code BackfillWorker}). */
    private static final Pattern CHUNK_LINE =
            Pattern.compile("(?m)^chunk (\\d+) of big (\\S+) by (\\S+): ([\\d,.]+) rows");

    private CopyCheck() {}

    /**
     * The chunks of {@code big} by worker (chunks and rows each, and when the first started and the
     * last finished), once every chunk is DONE by one run and {@code rows} rows were copied; when
     * {@code workers} is not empty, only they may have finished chunks.
     *
     * @throws IllegalStateException naming what is wrong
     */
    static List<ChunkTally> checkpoints(String kind, Checkpoints checkpoints, long rows, Set<String> workers)
            throws Exception {
        List<ChunkState> chunks = checkpoints.chunks("big");
        if (chunks.isEmpty()) {
            throw new IllegalStateException(kind + ": the checkpoint table holds no chunk of big");
        }
        List<ChunkState> notDone = chunks.stream()
                .filter(c -> c.status() != ChunkState.Status.DONE)
                .toList();
        if (!notDone.isEmpty()) {
            throw new IllegalStateException(kind + ": " + notDone.size() + " of " + chunks.size()
                    + " chunk(s) are not DONE in the checkpoints, e.g. chunk "
                    + notDone.get(0).chunk().number() + " " + notDone.get(0).status());
        }
        Set<String> runs = chunks.stream().map(c -> String.valueOf(c.runId())).collect(Collectors.toSet());
        if (runs.size() != 1) {
            throw new IllegalStateException(kind + ": the chunks were finished by " + runs.size() + " runs " + runs);
        }
        List<ChunkTally> tallies = checkpoints.tally("big");
        long copied = tallies.stream().mapToLong(ChunkTally::rowsCopied).sum();
        if (copied != rows) {
            throw new IllegalStateException(kind + ": the checkpoints count " + copied + " rows copied, not " + rows);
        }
        for (ChunkTally tally : tallies) {
            if (!workers.isEmpty() && !workers.contains(tally.worker())) {
                throw new IllegalStateException(kind + ": " + tally.chunks() + " chunk(s) finished by worker "
                        + tally.worker() + ", which is none of " + workers);
            }
        }
        return tallies;
    }

    /**
     * Checks the lines the workers printed (standard output by worker id): each of the {@code chunks}
     * chunks finished DONE once, by the worker that printed it, {@code rows} rows in all.
     *
     * @throws IllegalStateException naming a chunk finished twice or never, or a count that differs
     */
    static void finishedOnce(String kind, Map<String, String> outputByWorker, int chunks, long rows) {
        Map<Integer, String> finishedBy = new TreeMap<>();
        long copied = 0;
        for (Map.Entry<String, String> output : outputByWorker.entrySet()) {
            Matcher line = CHUNK_LINE.matcher(output.getValue());
            while (line.find()) {
                int chunk = Integer.parseInt(line.group(1));
                String worker = line.group(3);
                if (!"DONE".equals(line.group(2)) || !worker.equals(output.getKey())) {
                    throw new IllegalStateException(kind + ": worker " + output.getKey() + " printed chunk " + chunk
                            + " " + line.group(2) + " by " + worker);
                }
                String earlier = finishedBy.put(chunk, worker);
                if (earlier != null) {
                    throw new IllegalStateException(
                            kind + ": chunk " + chunk + " was finished twice, by " + earlier + " and by " + worker);
                }
                copied += Long.parseLong(line.group(4).replaceAll("[^0-9]", ""));
            }
        }
        if (finishedBy.size() != chunks) {
            throw new IllegalStateException(kind + ": the workers finished " + finishedBy.size() + " chunk(s), not "
                    + chunks + " (finished: " + finishedBy.keySet() + ")");
        }
        if (copied != rows) {
            throw new IllegalStateException(kind + ": the workers' lines count " + copied + " rows, not " + rows);
        }
    }
}
