package dev.tandem.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.reconcile.report.RunReport;
import dev.tandem.reconcile.run.FoundCounts;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.TableRecord;
import dev.tandem.reconcile.store.RunStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A partial repair dry run, with fewer differences re-checked than found, against a MariaDB primary
 * and a PostgreSQL secondary: what the run stores and reports is exact about scope and size.
 */
class ReportScopeIT {

    private final StoresFixture stores = new StoresFixture();

    @Test
    void aPartialRunBeyondTheReCheckCapCountsEverythingNamesItsScopeAndListsItsRepairs() throws Exception {
        stores.seed();
        stores.drift();
        Map<String, String> properties = stores.pair.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.tables[0].name", "payments");
        properties.put("tandem.reconciler.tables[0].masked-columns", "card_number");
        properties.put("tandem.reconciler.tables[0].version-column", "version");
        properties.put("tandem.reconciler.tables[1].name", "notes");
        properties.put("tandem.reconciler.settle", "100ms");
        properties.put("tandem.reconciler.max-differences", "2");
        RunStore runs = new RunStore(stores.secondary);

        RunVerdict verdict =
                ReconcileOnce.run(StoresFixture.arguments(properties), RepairMode.DRY_RUN, false, "payments");

        assertThat(verdict).isEqualTo(RunVerdict.DIFFERENCES);
        RunRecord run = runs.find(runs.latest(1).get(0).id()).orElseThrow();
        assertThat(run.configuredTables()).containsExactly("payments", "notes");
        assertThat(run.notCompared()).containsExactly("notes");
        assertThat(run.stores().primary()).startsWith("MariaDB ").endsWith(", database " + stores.database);
        assertThat(run.stores().secondary()).startsWith("PostgreSQL ").endsWith(", database " + stores.database);
        assertThat(run.stores().toString())
                .doesNotContain("password")
                .doesNotContain("jdbc:")
                .doesNotContain("@");

        // In key order: 7 (amount), 8 (card_number), 9 (missing), 1000 (extra); the first two re-checked.
        TableRecord payments = run.tables().get(0);
        assertThat(payments.foundCounts())
                .isEqualTo(new FoundCounts(1, 1, 2, Map.of("amount", 1L, "card_number", 1L, "version", 1L)));
        assertThat(payments.rechecked()).isEqualTo(2);
        assertThat(payments.notRechecked()).isEqualTo(2);
        assertThat(payments.mismatched()).isEqualTo(2);
        assertThat(run.repair().listed())
                .extracting(r -> r.table() + " " + r.key() + " " + r.action())
                .containsExactly(
                        "payments id=7 upsert from the primary at version 2 (4 columns)",
                        "payments id=8 upsert from the primary at version 1 (4 columns)");

        RunReport report = new RunReport(run, runs.latest(10));
        assertThat(report.subject())
                .isEqualTo("Partial reconciliation of 1 of 2 tables DIFFERENCES: 4 found in 1 of 1 table, 2"
                        + " re-checked: 2 confirmed; not compared: notes");
        assertThat(report.text())
                .contains("found 4 differences in 7.84 % of the rows compared: missing 1, extra 1, mismatched 2")
                .contains("amount: primary \"70.00\", secondary \"7.25\"")
                .containsSubsequence("Planned repairs (dry run, nothing published)", "[id=7]", "[id=8]")
                .contains("Primary:   MariaDB ");
    }
}
