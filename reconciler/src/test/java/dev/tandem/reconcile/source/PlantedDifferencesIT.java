package dev.tandem.reconcile.source;

import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.compare.ColumnComparison;
import dev.tandem.core.compare.ColumnOptions;
import dev.tandem.core.compare.Difference;
import dev.tandem.core.compare.DifferenceKind;
import dev.tandem.core.compare.MergeJoin;
import dev.tandem.core.source.JdbcTableSource;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.run.FoundCounts;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableResult;
import dev.tandem.testkit.EmbeddedServices;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A MariaDB primary and a PostgreSQL secondary seeded with the same rows of types that differ
 * between the engines, plus planted differences of every kind: exactly those are found.
 */
class PlantedDifferencesIT {

    private static final List<String> COLUMNS =
            List.of("name", "amount", "active", "created_at", "doc", "note", "code");

    private final String database = "rec_" + UUID.randomUUID().toString().substring(0, 8);
    private final DataSource primary = EmbeddedServices.mariaDb().dataSource(database);
    private final DataSource secondary = EmbeddedServices.postgres().dataSource(database);

    @Test
    void identicalStoresHaveNoDifferencesAndPlantedOnesAreFoundExactly() throws Exception {
        seed();

        assertThat(compare()).as("identical stores").isEmpty();

        plant();
        List<Difference> differences = compare();

        assertThat(differences)
                .extracting(d -> d.kind() + " " + d.key().get(0) + " "
                        + d.columns().stream()
                                .map(Difference.ColumnDifference::column)
                                .toList())
                .containsExactly(
                        "MISSING_IN_SECONDARY A-2 []",
                        "VALUE_MISMATCH B [note]",
                        "EXTRA_IN_SECONDARY a-10 []",
                        "VALUE_MISMATCH b-1 [created_at]",
                        "VALUE_MISMATCH z [name]",
                        "VALUE_MISMATCH 中-1 [amount, doc]");
    }

    @Test
    void tableRunConfirmsThePlantedDifferencesCountsThemPerColumnAndMasksWhatIsMasked() throws Exception {
        seed();
        plant();
        TableSpec spec =
                new TableSpec("accounts", List.of(), Set.of("code"), Map.of("name", new ColumnOptions(0, true)));

        TableResult result = new TableReconciliation(primary, secondary, Duration.ofMillis(200), 1_000).run(spec);

        assertThat(result.rowsCompared()).isEqualTo(11);
        assertThat(result.found()).isEqualTo(6);
        assertThat(result.inFlight()).isZero();
        assertThat(result.confirmed())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        DifferenceKind.MISSING_IN_SECONDARY, 1L,
                        DifferenceKind.EXTRA_IN_SECONDARY, 1L,
                        DifferenceKind.VALUE_MISMATCH, 4L));
        assertThat(result.confirmedByColumn())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("note", 1L, "created_at", 1L, "name", 1L, "amount", 1L, "doc", 1L));
        assertThat(result.differences().toString()).doesNotContain("مرحبا").contains(MergeJoin.MASK);
        assertThat(result.onlyInPrimary()).isEmpty();
        assertThat(result.onlyInSecondary()).isEmpty();
    }

    @Test
    void beyondTheReCheckCapEveryDifferenceIsStillCountedByKindAndColumn() throws Exception {
        seed();
        plant();
        TableSpec spec = new TableSpec("accounts", List.of(), Set.of("code"), Map.of());

        TableResult result = new TableReconciliation(primary, secondary, Duration.ofMillis(100), 2).run(spec);

        assertThat(result.differences()).hasSize(2);
        assertThat(result.truncated()).isTrue();
        assertThat(result.foundCounts())
                .isEqualTo(new FoundCounts(
                        1, 1, 4, Map.of("note", 1L, "created_at", 1L, "name", 1L, "amount", 1L, "doc", 1L)));
    }

    @Test
    void differingValuesAreShownAsEachStoreHoldsThem() throws Exception {
        seed();
        plant();

        List<Difference> differences = compare();

        assertThat(columnOf(differences, "b-1", "created_at"))
                .as("zone-less timestamps, no Z")
                .isEqualTo(new Difference.ColumnDifference(
                        "created_at", "2026-11-21 10:15:30.123459", "2026-11-21 10:15:30.123460"));
        assertThat(columnOf(differences, "中-1", "amount"))
                .as("DECIMAL(12,2) and NUMERIC(14,4) with their scales")
                .isEqualTo(new Difference.ColumnDifference("amount", "8.50", "8.5100"));
    }

    private static Difference.ColumnDifference columnOf(List<Difference> differences, String key, String column) {
        return differences.stream()
                .filter(d -> d.key().get(0).equals(key))
                .flatMap(d -> d.columns().stream())
                .filter(c -> c.column().equals(column))
                .findFirst()
                .orElseThrow();
    }

    private void seed() throws SQLException {
        execute(
                primary,
                "CREATE TABLE accounts (id VARCHAR(40) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci PRIMARY KEY,"
                        + " name VARCHAR(100), amount DECIMAL(12,2), active TINYINT(1), created_at DATETIME(6), doc JSON,"
                        + " note VARCHAR(50), code CHAR(5))");
        execute(
                secondary,
                "CREATE TABLE accounts (id TEXT PRIMARY KEY, name TEXT, amount NUMERIC(14,4), active BOOLEAN,"
                        + " created_at TIMESTAMP(6), doc JSONB, note TEXT, code CHAR(5))");
        // Keys a case-insensitive collation orders differently from bytes: hyphens, case, accents.
        String[] keys = {"a-1", "A-2", "a2", "b-1", "B", "é-1", "z", "Z-9", "中-1", "😀"};
        for (int i = 0; i < keys.length; i++) {
            String values =
                    "('" + keys[i] + "', 'مرحبا 👋 " + i + "', " + i + ".50, " + (i % 2) + ", '2026-11-21 10:15:30."
                            + String.format("%06d", 123_456 + i) + "', '{\"b\": " + i + ", \"a\": [true, null]}', "
                            + (i == 3 ? "''" : i == 4 ? "NULL" : "'n" + i + "'") + ", 'ab')";
            execute(primary, "INSERT INTO accounts VALUES " + values);
            execute(
                    secondary,
                    "INSERT INTO accounts VALUES "
                            + values.replace(", 0, '", ", false, '").replace(", 1, '", ", true, '"));
        }
    }

    private void plant() throws SQLException {
        execute(secondary, "DELETE FROM accounts WHERE id = 'A-2'");
        execute(secondary, "INSERT INTO accounts (id, name) VALUES ('a-10', 'extra')");
        execute(secondary, "UPDATE accounts SET created_at = created_at + INTERVAL '1 microsecond' WHERE id = 'b-1'");
        execute(secondary, "UPDATE accounts SET note = '' WHERE id = 'B'"); // NULL in the primary
        execute(secondary, "UPDATE accounts SET name = name || ' ' WHERE id = 'z'");
        execute(
                secondary,
                "UPDATE accounts SET amount = amount + 0.01, doc = '{\"a\": [true, null], \"b\": 99}' WHERE id = '中-1'");
    }

    private List<Difference> compare() throws SQLException {
        List<Difference> differences = new ArrayList<>();
        try (JdbcTableSource p = JdbcTableSource.open(primary, "accounts", List.of(), COLUMNS);
                JdbcTableSource s = JdbcTableSource.open(secondary, "accounts", List.of(), COLUMNS)) {
            List<ColumnComparison> comparisons = new ArrayList<>();
            for (int i = 0; i < COLUMNS.size(); i++) {
                comparisons.add(new ColumnComparison(
                        COLUMNS.get(i), p.columns().get(i), s.columns().get(i), ColumnOptions.DEFAULT));
            }
            new MergeJoin(comparisons).compare(p, s, differences::add);
        }
        return differences;
    }
}
