package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Four appliers share one secondary and apply randomized batches that upsert, delete and re-insert
 * overlapping keys of two tables, in either table order: none of them may deadlock (or time out on a
 * lock) against the others, and the secondary ends with the newest version of every row.
 */
class ConcurrentAppliersIT {

    private static final int APPLIERS = 4;
    private static final int BATCHES = 300;
    private static final int KEYS = 1_000;
    private static final int MAX_BATCH = 60;
    private static final List<String> TABLES = List.of("parcels", "stops");

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("dev.tandem.core.ApplyPath#secondariesAndPaths")
    void concurrentAppliersNeverDeadlockAndEndWithTheNewestVersionOfEveryRow(Secondary engine, ApplyPath path)
            throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        TestDatabase db = TestDatabase.fresh(engine);
        for (String table : TABLES) {
            db.execute("CREATE TABLE " + table
                    + " (id BIGINT PRIMARY KEY, label VARCHAR(40) NOT NULL, version_seen BIGINT NOT NULL)");
        }
        Map<String, Mutation> newest = new TreeMap<>();
        ConcurrentLinkedQueue<List<Mutation>> batches = new ConcurrentLinkedQueue<>();
        for (int b = 0; b < BATCHES; b++) {
            batches.add(randomBatch(random, newest));
        }

        SecondaryStore store = path.store(db.dataSource, TABLES.toArray(String[]::new));
        Map<String, AtomicInteger> lockFailures = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(APPLIERS);
        try {
            List<Future<?>> appliers = new ArrayList<>();
            for (int a = 0; a < APPLIERS; a++) {
                appliers.add(pool.submit(() -> {
                    for (List<Mutation> batch; (batch = batches.poll()) != null; ) {
                        applyCountingLockFailures(store, batch, lockFailures);
                    }
                }));
            }
            for (Future<?> applier : appliers) {
                applier.get();
            }
        } finally {
            pool.shutdownNow();
        }

        for (String table : TABLES) {
            Map<String, Map<String, Object>> rows = db.rows(table);
            for (long id = 1; id <= KEYS; id++) {
                Mutation last = newest.get(table + "#" + id);
                if (last == null || last.isDelete()) {
                    assertThat(rows).as("seed %d: %s row %d", seed, table, id).doesNotContainKey(String.valueOf(id));
                } else {
                    assertThat(rows.get(String.valueOf(id)))
                            .as("seed %d: %s row %d", seed, table, id)
                            .containsEntry("label", label(table, id, last.version()))
                            .containsEntry("version_seen", last.version());
                }
                if (last != null && (last.isDelete() || !path.fencesInTable())) {
                    assertThat(db.fence(table, "id=" + id))
                            .as("seed %d: fence of %s row %d", seed, table, id)
                            .contains("v" + last.version() + (last.isDelete() ? " deleted" : ""));
                }
            }
        }
        // Checked last: where a deadlock does happen, the classifier's retry must still end right.
        assertThat(lockFailures)
                .as("seed %d: deadlocks and lock timeouts by SQLState/vendor code in %d batches", seed, BATCHES)
                .isEmpty();
    }

    /**
     * A batch of upserts and deletes over both tables, interleaved in random order; each row's
     * versions rise across batches, so a batch that is applied late is partly stale.
     */
    private static List<Mutation> randomBatch(Random random, Map<String, Mutation> newest) {
        int size = 2 + random.nextInt(MAX_BATCH - 1);
        List<Mutation> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            String table = TABLES.get(random.nextInt(TABLES.size()));
            long id = 1 + random.nextInt(KEYS);
            Mutation previous = newest.get(table + "#" + id);
            long version = previous == null ? 1 : previous.version() + 1;
            Mutation m = random.nextInt(3) == 0
                    ? Mutation.delete(table).key("id", id).version(version).build()
                    : Mutation.upsert(table)
                            .key("id", id)
                            .version(version)
                            .column("label", label(table, id, version))
                            .column("version_seen", version)
                            .build();
            newest.put(table + "#" + id, m);
            batch.add(m);
        }
        return batch;
    }

    private static String label(String table, long id, long version) {
        return table + " " + id + " v" + version;
    }

    /**
     * Applies {@code batch}, retrying what {@link FailureClassifier} calls transient (as the retry
     * consumer does), and counts the failures that are lock conflicts between the appliers.
     */
    private static void applyCountingLockFailures(
            SecondaryStore store, List<Mutation> batch, Map<String, AtomicInteger> lockFailures) {
        for (int attempt = 1; ; attempt++) {
            try {
                store.applyAll(batch);
                return;
            } catch (SecondaryApplyException e) {
                if (FailureClassifier.classify(e) != FailureClass.TRANSIENT || attempt == 50) {
                    throw e;
                }
                String sqlState = String.valueOf(e.sqlState());
                int vendorCode = e.getCause() instanceof SQLException sql ? sql.getErrorCode() : 0;
                // 40001/40P01: deadlock or serialization failure; MySQL 1205: lock wait timeout.
                if (sqlState.startsWith("40") || vendorCode == 1205) {
                    lockFailures
                            .computeIfAbsent(sqlState + "/" + vendorCode, k -> new AtomicInteger())
                            .incrementAndGet();
                } else {
                    throw e;
                }
            }
        }
    }
}
