package dev.tandem.reconcile.run;

import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.SecondaryStore;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.repair.RepairPlanner;
import dev.tandem.reconcile.report.RunReport;
import dev.tandem.reconcile.store.RunStore;
import dev.tandem.testkit.StorePair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs left {@code RUNNING} by a process that died (an in-process run cannot be continued) are marked
 * {@link RunVerdict#ABANDONED} by the next run that starts, once their heartbeat is older than the
 * bound; a run whose process is still heard of is left running.
 */
class AbandonedRunsIT {

    private final StorePair pair = StorePair.fresh("abandon");
    private final RunStore store = new RunStore(pair.secondary);

    @BeforeEach
    void seed() throws Exception {
        store.create();
        execute(pair.primary, "CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(40))");
        execute(pair.secondary, "CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT)");
        execute(pair.primary, "INSERT INTO items VALUES (1, 'a'), (2, 'b')");
        execute(pair.secondary, "INSERT INTO items VALUES (1, 'a'), (2, 'b')");
    }

    @Test
    void runsLeftRunningByDeadProcessesAreMarkedAbandonedWhenTheNextRunStarts() throws Exception {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        long dead = store.start("schedule", hourAgo, "host-a/17/0badf00d", null);
        long olderVersion = store.start("cli", hourAgo);
        long alive = store.start("api", Instant.now(), "host-b/18/c0ffee00", null);

        RunRecord next = reconciler().run("cli", Set.of(), RepairMode.NONE, true);

        assertThat(next.verdict()).isEqualTo(RunVerdict.CLEAN);
        RunRecord abandoned = store.find(dead).orElseThrow();
        assertThat(abandoned.verdict()).isEqualTo(RunVerdict.ABANDONED);
        assertThat(abandoned.finishedAt())
                .as("when it was last heard of")
                .isEqualTo(hourAgo.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(store.find(olderVersion).orElseThrow().verdict()).isEqualTo(RunVerdict.ABANDONED);
        assertThat(store.find(alive).orElseThrow().verdict())
                .as("a run whose process was heard of just now")
                .isEqualTo(RunVerdict.RUNNING);
        assertThat(store.lastFinished())
                .as("an abandoned run did not finish")
                .hasValueSatisfying(r -> assertThat(r.id()).isEqualTo(next.id()));
        assertThat(new RunReport(abandoned, store.latest(10)).text())
                .contains("Reconciliation ABANDONED: its process stopped before the run finished");
    }

    @Test
    void aRunWhoseProcessWasMarkedAbandonedIsNotStoredByIt() throws Exception {
        Instant hourAgo = Instant.now().minus(Duration.ofHours(1));
        long taken = store.start("schedule", hourAgo, "host-a/17/0badf00d", null);
        RunStore.Unfinished read = store.unfinished().get(0);
        assertThat(store.abandon(read)).isTrue();
        RunRecord outcome = new RunRecord(
                taken,
                "schedule",
                hourAgo,
                Instant.now(),
                RunVerdict.CLEAN,
                false,
                RepairSummary.NONE,
                List.of(),
                null);

        assertThatThrownBy(() -> store.finish(outcome, "host-a/17/0badf00d"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no longer driven by this process");
        assertThat(store.heartbeat(taken, "host-a/17/0badf00d", Instant.now()))
                .as("its heartbeat tells it")
                .isFalse();
        assertThat(store.find(taken).orElseThrow().verdict()).isEqualTo(RunVerdict.ABANDONED);
    }

    private Reconciler reconciler() {
        TableReconciliation comparison =
                new TableReconciliation(pair.primary, pair.secondary, Duration.ofMillis(100), 1_000);
        return new Reconciler(ReconcilerConfig.custom()
                .tables(List.of(TableSpec.of("items")))
                .sides(new RunSides(
                        null,
                        comparison,
                        Optional.empty(),
                        new RepairPlanner(
                                pair.primary, pair.secondary, SecondaryStore.of(pair.secondary), SchemaMapping.NONE),
                        Optional.empty()))
                .store(store)
                .abandonedAfter(Duration.ofSeconds(30))
                .build());
    }
}
