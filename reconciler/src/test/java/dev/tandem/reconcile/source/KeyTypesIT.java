package dev.tandem.reconcile.source;

import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.compare.CheckedDifference;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.run.TableReconciliation;
import dev.tandem.reconcile.run.TableResult;
import dev.tandem.testkit.EmbeddedServices;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Integer, UUID, binary and composite keys stream in the same order from MariaDB and PostgreSQL,
 * with values chosen where the engines' natural orders would disagree: negative numbers, bytes above
 * 0x7f, UUIDs as native type on one side and text on the other, mixed-case text in a composite key.
 */
class KeyTypesIT {

    private final String database = "keys_" + UUID.randomUUID().toString().substring(0, 8);
    private final DataSource primary = EmbeddedServices.mariaDb().dataSource(database);
    private final DataSource secondary = EmbeddedServices.postgres().dataSource(database);

    @Test
    void integerKeysIncludingNegativesMatchAndTheOneMissingIsFound() throws Exception {
        execute(primary, "CREATE TABLE k_int (id BIGINT PRIMARY KEY, v INT)");
        execute(secondary, "CREATE TABLE k_int (id BIGINT PRIMARY KEY, v INT)");
        String rows = "(-9000000000, 1), (-2, 2), (0, 3), (7, 4), (10, 5), (9000000000, 6)";
        execute(primary, "INSERT INTO k_int VALUES " + rows);
        execute(secondary, "INSERT INTO k_int VALUES " + rows);
        execute(secondary, "DELETE FROM k_int WHERE id = 7");

        assertThat(keysOf(reconcile("k_int"))).containsExactly("MISSING_IN_SECONDARY [7]");
    }

    @Test
    void uuidKeysNativeOnOneSideTextOnTheOtherMatch() throws Exception {
        execute(primary, "CREATE TABLE k_uuid (id CHAR(36) CHARACTER SET ascii PRIMARY KEY, v INT)");
        execute(secondary, "CREATE TABLE k_uuid (id UUID PRIMARY KEY, v INT)");
        String[] ids = {
            "00000000-0000-0000-0000-000000000001",
            "0f000000-0000-0000-0000-000000000000",
            "7fffffff-ffff-ffff-ffff-ffffffffffff",
            "80000000-0000-0000-0000-000000000000",
            "a0000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff"
        };
        for (int i = 0; i < ids.length; i++) {
            execute(primary, "INSERT INTO k_uuid VALUES ('" + ids[i] + "', " + i + ")");
            execute(secondary, "INSERT INTO k_uuid VALUES ('" + ids[i] + "', " + (i == 4 ? 99 : i) + ")");
        }

        assertThat(keysOf(reconcile("k_uuid")))
                .containsExactly("VALUE_MISMATCH [a0000000-0000-0000-0000-000000000000]");
    }

    @Test
    void binaryKeysOrderByUnsignedBytesOnBothEngines() throws Exception {
        execute(primary, "CREATE TABLE k_bin (id VARBINARY(4) PRIMARY KEY, v INT)");
        execute(secondary, "CREATE TABLE k_bin (id BYTEA PRIMARY KEY, v INT)");
        String[] hex = {"00", "01ff", "7f", "80", "8000", "ff", "ff00"};
        for (int i = 0; i < hex.length; i++) {
            execute(primary, "INSERT INTO k_bin VALUES (X'" + hex[i] + "', " + i + ")");
            if (!hex[i].equals("80")) {
                execute(secondary, "INSERT INTO k_bin VALUES ('\\x" + hex[i] + "', " + i + ")");
            }
        }
        execute(secondary, "INSERT INTO k_bin VALUES ('\\xfe', 42)");

        assertThat(reconcile("k_bin").differences())
                .extracting(d -> d.found().kind() + " "
                        + java.util.HexFormat.of()
                                .formatHex((byte[]) d.found().key().get(0)))
                .containsExactly("MISSING_IN_SECONDARY 80", "EXTRA_IN_SECONDARY fe");
    }

    @Test
    void compositeKeysCompareColumnByColumn() throws Exception {
        execute(
                primary,
                "CREATE TABLE k_comp (region VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci,"
                        + " id INT, v INT, PRIMARY KEY (region, id))");
        execute(secondary, "CREATE TABLE k_comp (region TEXT, id INT, v INT, PRIMARY KEY (region, id))");
        String rows = "('EU', 2, 1), ('EU', 10, 2), ('eu', 1, 3), ('eu-west', -1, 4), ('Eu', 5, 5), ('us', 3, 6)";
        execute(primary, "INSERT INTO k_comp VALUES " + rows);
        execute(secondary, "INSERT INTO k_comp VALUES " + rows);
        execute(secondary, "UPDATE k_comp SET v = 30 WHERE region = 'eu' AND id = 1");

        assertThat(keysOf(reconcile("k_comp"))).containsExactly("VALUE_MISMATCH [eu, 1]");
    }

    /**
     * A primary whose key collation folds case and trailing spaces holds one row where a secondary that
     * compares exactly can hold several (a write addressed the row as {@code 'ABC'}): keys pair by
     * their exact text, so the secondary's spelling that the primary does not store is a difference,
     * never silently taken for the primary's row.
     */
    @Test
    void textKeysPairByTheirExactTextWhenOnlyThePrimaryFoldsThem() throws Exception {
        execute(
                primary,
                "CREATE TABLE k_fold (code VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci PRIMARY KEY, v INT)");
        execute(secondary, "CREATE TABLE k_fold (code VARCHAR(10) PRIMARY KEY, v INT)");
        execute(primary, "INSERT INTO k_fold VALUES ('abc', 1), ('b', 2), ('x', 3)");
        execute(secondary, "INSERT INTO k_fold VALUES ('abc', 1), ('ABC', 1), ('B', 2), ('x', 3), ('x ', 3)");

        assertThat(keysOf(reconcile("k_fold")))
                .containsExactlyInAnyOrder(
                        "EXTRA_IN_SECONDARY [ABC]",
                        "EXTRA_IN_SECONDARY [B]",
                        "MISSING_IN_SECONDARY [b]",
                        "EXTRA_IN_SECONDARY [x ]");
    }

    private TableResult reconcile(String table) throws Exception {
        return new TableReconciliation(primary, secondary, Duration.ofMillis(50), 100).run(TableSpec.of(table));
    }

    private static List<String> keysOf(TableResult result) {
        return result.differences().stream()
                .map(CheckedDifference::found)
                .map(d -> d.kind() + " " + d.key())
                .toList();
    }
}
