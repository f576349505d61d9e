package dev.tandem.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tandem.reconcile.report.HeadlessChromium;
import dev.tandem.reconcile.report.RunReport;
import dev.tandem.reconcile.run.FoundCounts;
import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.run.TableRecord;
import dev.tandem.reconcile.store.RunStore;
import dev.tandem.testkit.Jdbc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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
        Jdbc.execute(stores.primary, "CREATE TABLE customers (id BIGINT PRIMARY KEY, name VARCHAR(50))");
        Jdbc.execute(stores.secondary, "CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT)");
        Map<String, String> properties = stores.pair.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.tables[0].name", "payments");
        properties.put("tandem.reconciler.tables[0].masked-columns", "card_number");
        properties.put("tandem.reconciler.tables[0].version-column", "version");
        properties.put("tandem.reconciler.tables[1].name", "notes");
        properties.put("tandem.reconciler.tables[2].name", "customers");
        properties.put("tandem.reconciler.settle", "100ms");
        properties.put("tandem.reconciler.max-differences", "2");
        RunStore runs = new RunStore(stores.secondary);

        RunVerdict verdict =
                ReconcileOnce.run(StoresFixture.arguments(properties), RepairMode.DRY_RUN, false, "payments", "notes");

        assertThat(verdict).isEqualTo(RunVerdict.DIFFERENCES);
        RunRecord run = runs.find(runs.latest(1).get(0).id()).orElseThrow();
        assertThat(run.configuredTables()).containsExactly("payments", "notes", "customers");
        assertThat(run.notCompared()).containsExactly("customers");
        assertThat(run.stores().primary()).startsWith("MariaDB ").endsWith(", database " + stores.database);
        assertThat(run.stores().secondary()).startsWith("PostgreSQL ").endsWith(", database " + stores.database);
        assertThat(run.stores().toString())
                .doesNotContain("password")
                .doesNotContain("jdbc:")
                .doesNotContain("@");

        // In key order: 7 (amount, version), 8 (card_number), 9 (missing), 1000 (extra); the first two re-checked.
        TableRecord payments = run.tables().get(0);
        assertThat(payments.foundCounts())
                .isEqualTo(new FoundCounts(1, 1, 2, Map.of("amount", 1L, "card_number", 1L, "version", 1L)));
        assertThat(payments.rechecked()).isEqualTo(2);
        assertThat(payments.notRechecked()).isEqualTo(2);
        assertThat(payments.mismatched()).isEqualTo(2);
        assertThat(run.tables().get(1).foundCounts()).isEqualTo(new FoundCounts(0, 1, 1, Map.of("body", 1L)));
        assertThat(run.repair().listed())
                .extracting(r -> r.table() + " " + r.key() + " " + r.action())
                .containsExactly(
                        "payments id=7 upsert from the primary at version 2 (4 columns)",
                        "payments id=8 upsert from the primary at version 1 (4 columns)",
                        "notes code=n-3 upsert from the primary at version 3 (1 column)",
                        "notes code=n-4 delete (the primary has no such row) at version 3");

        RunReport report = new RunReport(run, runs.latest(10));
        assertThat(report.subject())
                .isEqualTo("Partial reconciliation of 2 of 3 tables DIFFERENCES: 6 found in 2 of 2 tables, 4"
                        + " re-checked: 4 confirmed; not compared: customers");
        assertThat(report.text())
                .contains("found 4 differences in 7.84 % of the rows compared: missing 1, extra 1, mismatched 2")
                .contains("amount: primary \"70.00\", secondary \"7.25\"")
                .containsSubsequence("Planned repairs (dry run, nothing published)", "[id=7]", "[id=8]", "[code=n-4]")
                .contains("Primary:   MariaDB ");
        rendersInChromium(report);
    }

    /** The HTML report as a mail client would show it, in target/report/ (the README's picture is one such). */
    private static void rendersInChromium(RunReport report) throws Exception {
        Path directory = Files.createDirectories(Path.of("target", "report"));
        Files.writeString(directory.resolve("partial-run.txt"), report.text());
        Path page = Files.writeString(directory.resolve("partial-run.html"), report.html());
        Optional<Path> chromium = HeadlessChromium.onPath();
        assumeTrue(chromium.isPresent(), "chromium is not on PATH (Debian: apt-get install chromium); not rendered");
        Path png = directory.resolve("partial-run.png");
        Files.deleteIfExists(png);

        HeadlessChromium.screenshot(chromium.get(), page, png, 1200, 1200);

        assertThat(Files.size(png)).isGreaterThan(10_000);
        assertThat(HeadlessChromium.pngSize(png)).containsExactly(1200, 1200);
    }
}
