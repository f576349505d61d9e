package dev.tandem.reconcile.source;

import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.compare.CheckedDifference;
import dev.tandem.core.compare.ColumnComparison;
import dev.tandem.core.compare.ColumnOptions;
import dev.tandem.core.compare.Difference;
import dev.tandem.core.compare.MergeJoin;
import dev.tandem.core.compare.Recheck;
import dev.tandem.core.compare.Verdict;
import dev.tandem.core.source.JdbcRowLookup;
import dev.tandem.core.source.JdbcTableSource;
import dev.tandem.testkit.EmbeddedServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A difference that a write in flight resolves during the settle window is IN_FLIGHT, not CONFIRMED. */
class InFlightRecheckIT {

    private static final List<String> COLUMNS = List.of("email", "balance");

    private final String database = "recheck_" + UUID.randomUUID().toString().substring(0, 8);
    private final DataSource primary = EmbeddedServices.mariaDb().dataSource(database);
    private final DataSource secondary = EmbeddedServices.postgres().dataSource(database);

    @Test
    void differenceResolvedByAConcurrentWriteIsInFlightAndTheOthersConfirmed() throws Exception {
        execute(primary, "CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(100), balance DECIMAL(10,2))");
        execute(secondary, "CREATE TABLE accounts (id BIGINT PRIMARY KEY, email TEXT, balance NUMERIC(10,2))");
        execute(
                primary,
                "INSERT INTO accounts VALUES (1, 'a@x', 1.00), (2, 'b@x', 2.00), (3, 'c@x', 3.00), (4, 'd@x', 4.00)");
        execute(
                secondary,
                "INSERT INTO accounts VALUES (1, 'a@x', 1.00), (3, 'c@x', 3.50), (4, 'd@x', 4.00), (5, 'e@x', 5.00)");

        MergeJoin join;
        List<Difference> found = new ArrayList<>();
        try (JdbcTableSource p = JdbcTableSource.open(primary, "accounts", List.of(), COLUMNS);
                JdbcTableSource s = JdbcTableSource.open(secondary, "accounts", List.of(), COLUMNS)) {
            List<ColumnComparison> comparisons = new ArrayList<>();
            for (int i = 0; i < COLUMNS.size(); i++) {
                comparisons.add(new ColumnComparison(
                        COLUMNS.get(i), p.columns().get(i), s.columns().get(i), ColumnOptions.DEFAULT));
            }
            join = new MergeJoin(comparisons);
            join.compare(p, s, found::add);
        }
        long foundAt = System.nanoTime();
        assertThat(found).extracting(d -> d.key().get(0)).containsExactly(2L, 3L, 5L);

        // The retry consumer delivers row 2 while the reconciler waits out the settle window.
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(300);
                execute(secondary, "INSERT INTO accounts VALUES (2, 'b@x', 2.00)");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JdbcRowLookup primaryRows = new JdbcRowLookup(primary, "accounts", List.of(), COLUMNS);
        JdbcRowLookup secondaryRows = new JdbcRowLookup(secondary, "accounts", List.of(), COLUMNS);
        List<CheckedDifference> checked =
                new Recheck(join, primaryRows::find, secondaryRows::find, Duration.ofSeconds(2)).check(found, foundAt);
        inFlight.join();

        assertThat(checked)
                .extracting(c -> c.found().key().get(0) + " " + c.verdict())
                .containsExactly("2 IN_FLIGHT", "3 CONFIRMED", "5 CONFIRMED");
        assertThat(checked.get(1).now().columns())
                .containsExactly(
                        new Difference.ColumnDifference("balance", "3.00", "3.50")); // as stored: DECIMAL(10,2)
        assertThat(checked.stream()
                        .filter(c -> c.verdict() == Verdict.IN_FLIGHT)
                        .map(CheckedDifference::now))
                .containsOnlyNulls();
    }
}
