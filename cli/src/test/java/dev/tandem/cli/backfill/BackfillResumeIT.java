package dev.tandem.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.backfill.Backfill;
import dev.tandem.backfill.BackfillOptions;
import dev.tandem.backfill.BackfillResult;
import dev.tandem.backfill.BackfillService;
import dev.tandem.backfill.BackfillTable;
import dev.tandem.cli.ExitCode;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.pace.BusyProbe;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A backfill stopped part way (workers leave their chunks in the middle, as a killed process would)
 * and run again, the second time through the {@code backfill} command: the second run resumes from
 * the checkpoints, never copies a finished chunk again, and ends with the secondary equal to the
 * primary.
 */
class BackfillResumeIT {

    private static final int ROWS = 60_000;
    private static final int CHUNKS = 13; // 12 chunks of 5,000 rows, and the open end

    private final BackfillStores stores = new BackfillStores();

    @Test
    void aStoppedBackfillResumesFromItsCheckpointsWithoutRedoingFinishedChunks() throws Exception {
        stores.seedAccounts(ROWS);
        stores.checkpoints().create(); // to be watched from the start
        Backfill first = stores.backfill(
                BackfillOptions.custom()
                        .workers(2)
                        .chunkRows(5_000)
                        .batchRows(500)
                        .maxBatchRows(500)
                        .verifySettle(Duration.ofMillis(200))
                        .build(),
                SchemaMapping.NONE);
        CompletableFuture<BackfillResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return first.run(List.of(BackfillTable.of("accounts", "version")));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (stores.doneChunks("accounts").size() < 4) {
            assertThat(running)
                    .as("the first run ended before it could be stopped")
                    .isNotDone();
            Thread.sleep(20);
        }
        first.stop();
        BackfillResult stopped = running.get();
        Map<Integer, String> doneByFirst = stores.doneChunks("accounts");

        assertThat(stopped.stopped()).isTrue();
        assertThat(stopped.complete()).isFalse();
        assertThat(doneByFirst).hasSizeBetween(4, CHUNKS - 1).containsValue(stopped.runId());

        Map<String, String> properties = stores.properties();
        properties.put("tandem.reconciler.tables[0].name", "accounts");
        properties.put("tandem.reconciler.tables[0].version-column", "version");
        properties.put("tandem.backfill.workers", "2");
        properties.put("tandem.backfill.verify-settle", "200ms");
        BackfillStores.Command resumed = BackfillStores.command(properties, "backfill");

        assertThat(resumed.status()).as(resumed.out()).isEqualTo(ExitCode.OK.code());
        assertThat(resumed.out())
                .contains("resumed: " + doneByFirst.size()
                        + " chunk(s) finished by an earlier run were not copied again");
        Map<Integer, String> doneAtEnd = stores.doneChunks("accounts");
        assertThat(doneAtEnd).hasSize(CHUNKS);
        doneByFirst.forEach((chunk, run) -> assertThat(doneAtEnd.get(chunk))
                .as("run that finished chunk %d", chunk)
                .isEqualTo(run));
        assertThat(doneAtEnd.values().stream().filter(run -> !run.equals(stopped.runId())))
                .as("chunks the second run copied")
                .hasSize(CHUNKS - doneByFirst.size());

        TableResult reconciled = new TableReconciliation(stores.primary, stores.secondary, Duration.ofMillis(200), 100)
                .run(TableSpec.of("accounts"));
        assertThat(reconciled.rowsCompared()).isEqualTo(ROWS);
        assertThat(reconciled.found()).isZero();
        assertThat(BackfillStores.versions(stores.secondary, "accounts"))
                .isEqualTo(BackfillStores.versions(stores.primary, "accounts"));
    }

    @Test
    void aRunAfterACompleteOneCopiesNothingAgain() throws Exception {
        stores.seedAccounts(12_000);
        BackfillOptions options = BackfillOptions.custom()
                .workers(2)
                .chunkRows(5_000)
                .verifySettle(Duration.ofMillis(200))
                .build();
        BackfillResult first =
                stores.backfill(options, SchemaMapping.NONE).run(List.of(BackfillTable.of("accounts", "version")));
        BackfillResult second =
                stores.backfill(options, SchemaMapping.NONE).run(List.of(BackfillTable.of("accounts", "version")));

        assertThat(first.complete()).isTrue();
        assertThat(first.tables().get(0).rowsThisRun()).isEqualTo(12_000);
        assertThat(second.complete()).isTrue();
        assertThat(second.tables().get(0).rowsThisRun()).isZero();
        assertThat(second.tables().get(0).chunksResumed()).isEqualTo(3);
    }

    @Test
    void progressIsPublishedAsGaugesPerTable() throws Exception {
        stores.seedAccounts(12_000);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BackfillService service = new BackfillService(
                stores.sides(SchemaMapping.NONE),
                BackfillOptions.custom().workers(2).chunkRows(5_000).build(),
                BusyProbe.of(stores.primary),
                List.of(BackfillTable.of("accounts", "version")),
                registry);

        assertThat(registry.get("tandem.backfill.rows")
                        .tag("table", "accounts")
                        .gauge()
                        .value())
                .isZero();

        BackfillResult result = service.run(Set.of(), backfill -> {});

        assertThat(result.complete()).isTrue();
        assertThat(registry.get("tandem.backfill.rows")
                        .tag("table", "accounts")
                        .gauge()
                        .value())
                .isEqualTo(12_000);
        assertThat(registry.get("tandem.backfill.rows.planned")
                        .tag("table", "accounts")
                        .gauge()
                        .value())
                .isEqualTo(12_000);
        assertThat(registry.get("tandem.backfill.rows.per.second")
                        .tag("table", "accounts")
                        .gauge()
                        .value())
                .isPositive();
        assertThat(registry.get("tandem.backfill.eta.seconds")
                        .tag("table", "accounts")
                        .gauge()
                        .value())
                .isZero();
    }
}
