package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many rows, each written as versions 1..n (some of them deletes), delivered shuffled, duplicated and
 * in random batches by concurrent appliers: the secondary must end with exactly the newest version of
 * every row, and a tombstone where the newest was a delete.
 */
class RandomizedFenceIT {

    private static final int KEYS = 400;
    private static final int MAX_VERSIONS = 8;
    private static final int APPLIERS = 3;

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("dev.tandem.core.ApplyPath#secondariesAndPaths")
    void shuffledDuplicatedBatchesEndWithTheNewestVersionOfEveryRow(Secondary engine, ApplyPath path) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        TestDatabase db = TestDatabase.fresh(engine);
        db.execute(
                "CREATE TABLE items (id BIGINT PRIMARY KEY, label VARCHAR(40) NOT NULL, version_seen BIGINT NOT NULL)");

        List<Mutation> deliveries = new ArrayList<>();
        Map<Long, Mutation> newest = new TreeMap<>();
        for (long id = 1; id <= KEYS; id++) {
            int versions = 1 + random.nextInt(MAX_VERSIONS);
            for (int v = 1; v <= versions; v++) {
                boolean delete = v > 1 && random.nextInt(5) == 0;
                Mutation m = delete
                        ? Mutation.delete("items").key("id", id).version(v).build()
                        : Mutation.upsert("items")
                                .key("id", id)
                                .version(v)
                                .column("label", "item " + id + " v" + v)
                                .column("version_seen", v)
                                .build();
                deliveries.add(m);
                int copies = random.nextInt(3) == 0 ? 2 : 1;
                for (int c = 1; c < copies; c++) {
                    deliveries.add(m.nextAttempt());
                }
                newest.put(id, m);
            }
        }
        Collections.shuffle(deliveries, random);
        List<List<Mutation>> batches = new ArrayList<>();
        for (int from = 0; from < deliveries.size(); ) {
            int size = 1 + random.nextInt(150);
            batches.add(deliveries.subList(from, Math.min(deliveries.size(), from + size)));
            from += size;
        }

        SecondaryStore store = path.store(db.dataSource, "items");
        ExecutorService pool = Executors.newFixedThreadPool(APPLIERS);
        try {
            List<Future<List<ApplyResult>>> futures = new ArrayList<>();
            for (List<Mutation> batch : batches) {
                futures.add(pool.submit(() -> applyRetryingTransientFailures(store, batch)));
            }
            long applied = 0;
            for (Future<List<ApplyResult>> f : futures) {
                applied += f.get().stream()
                        .filter(r -> r.outcome() == ApplyOutcome.APPLIED)
                        .count();
            }
            assertThat(applied).as("seed %d", seed).isBetween((long) KEYS, (long) deliveries.size());
        } finally {
            pool.shutdownNow();
        }

        Map<String, Map<String, Object>> rows = db.rows("items");
        for (Map.Entry<Long, Mutation> entry : newest.entrySet()) {
            String id = entry.getKey().toString();
            Mutation last = entry.getValue();
            if (last.isDelete()) {
                assertThat(rows)
                        .as("seed %d: row %s was deleted last", seed, id)
                        .doesNotContainKey(id);
                assertThat(db.fence("items", "id=" + id))
                        .as("seed %d", seed)
                        .contains("v" + last.version() + " deleted");
            } else {
                assertThat(rows.get(id))
                        .as("seed %d: row %s", seed, id)
                        .containsEntry("label", "item " + id + " v" + last.version())
                        .containsEntry("version_seen", last.version());
            }
        }
        assertThat(rows).hasSize((int)
                newest.values().stream().filter(m -> !m.isDelete()).count());
    }

    /** Concurrent appliers may deadlock or time out on locks; like the retry consumer, retry those. */
    private static List<ApplyResult> applyRetryingTransientFailures(SecondaryStore store, List<Mutation> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                return store.applyAll(batch);
            } catch (SecondaryApplyException e) {
                boolean transientFailure = e.sqlState() != null
                        && (e.sqlState().startsWith("40") || e.sqlState().equals("HY000"));
                if (!transientFailure || attempt == 20) {
                    throw e;
                }
            }
        }
    }
}
