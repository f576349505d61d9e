package dev.tandem.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.TableRecord;
import dev.tandem.reconcile.store.RunStore;
import dev.tandem.testkit.Jdbc;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A table with an updated-at column: after a clean full run, runs compare only the rows changed since
 * (with an overlap), until a full run is asked for or due.
 */
class IncrementalRunIT {

    private final StoresFixture stores = new StoresFixture();

    @Test
    void afterACleanFullRunOnlyRowsChangedSinceAreComparedUntilAFullRun() throws Exception {
        Jdbc.execute(
                stores.primary,
                "CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(50), updated_at DATETIME(6) NOT NULL)");
        Jdbc.execute(
                stores.secondary,
                "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT, updated_at TIMESTAMP(6) NOT NULL)");
        for (int i = 1; i <= 100; i++) {
            String row = "(" + i + ", 'item " + i + "', '2026-11-20 10:00:00." + String.format("%06d", i) + "')";
            Jdbc.execute(stores.primary, "INSERT INTO items VALUES " + row);
            Jdbc.execute(stores.secondary, "INSERT INTO items VALUES " + row);
        }
        Map<String, String> properties = stores.pair.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.tables[0].name", "items");
        properties.put("tandem.reconciler.tables[0].updated-at-column", "updated_at");
        properties.put("tandem.reconciler.settle", "100ms");
        properties.put("tandem.reconciler.incremental-overlap", "1m");
        RunStore runs = new RunStore(stores.secondary);

        assertThat(ReconcileOnce.run(StoresFixture.arguments(properties), RepairMode.NONE, false))
                .isEqualTo(RunVerdict.CLEAN);
        TableRecord full = runs.latest(1).get(0).tables().get(0);
        assertThat(full.since()).isNull();
        assertThat(full.rowsCompared()).isEqualTo(100);

        // Drift that leaves updated_at alone, and a write the secondary never got.
        Jdbc.execute(stores.secondary, "UPDATE items SET name = 'drifted' WHERE id = 5");
        Jdbc.execute(stores.primary, "UPDATE items SET name = 'renamed', updated_at = UTC_TIMESTAMP(6) WHERE id = 7");

        assertThat(ReconcileOnce.run(StoresFixture.arguments(properties), RepairMode.NONE, false))
                .isEqualTo(RunVerdict.DIFFERENCES);
        RunRecord incremental = runs.latest(1).get(0);
        TableRecord changed = incremental.tables().get(0);
        assertThat(changed.since()).isNotNull().isBefore(incremental.startedAt());
        assertThat(changed.rowsCompared()).isEqualTo(1);
        assertThat(changed.mismatched()).isEqualTo(1);
        assertThat(runs.find(incremental.id()).orElseThrow().tables().get(0).samples())
                .extracting(s -> s.key())
                .containsExactly("id=7");

        // Differences keep the watermark where it was: the next incremental run finds row 7 again.
        assertThat(ReconcileOnce.run(StoresFixture.arguments(properties), RepairMode.NONE, false))
                .isEqualTo(RunVerdict.DIFFERENCES);
        assertThat(runs.latest(1).get(0).tables().get(0).since()).isEqualTo(changed.since());

        assertThat(ReconcileOnce.run(StoresFixture.arguments(properties), RepairMode.NONE, true))
                .isEqualTo(RunVerdict.DIFFERENCES);
        TableRecord everything = runs.latest(1).get(0).tables().get(0);
        assertThat(everything.since()).isNull();
        assertThat(everything.rowsCompared()).isEqualTo(100);
        assertThat(everything.mismatched()).isEqualTo(2);
    }
}
