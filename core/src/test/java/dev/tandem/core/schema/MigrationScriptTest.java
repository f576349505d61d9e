package dev.tandem.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationScriptTest {

    private static final String TEXT = "-- the fence\r\nCREATE TABLE ${fence_table} (\n    id INT);\n\n"
            + "INSERT INTO ${fence_table}_log VALUES ('a;b');\n";

    @Test
    void theNameGivesTheVersionAndDescription() {
        MigrationScript script = MigrationScript.of("V12__add_the_note.sql", "db/x/V12__add_the_note.sql", TEXT);

        assertThat(script.version()).isEqualTo(12);
        assertThat(script.description()).isEqualTo("add the note");
    }

    @Test
    void onlyVersionedScriptNamesAreScripts() {
        assertThat(MigrationScript.isScript("V1__create.sql")).isTrue();
        assertThat(MigrationScript.isScript("V0__create.sql")).isFalse();
        assertThat(MigrationScript.isScript("V1_create.sql")).isFalse();
        assertThat(MigrationScript.isScript("README.md")).isFalse();
    }

    @Test
    void statementsEndAtSemicolonsThatEndALineAndSkipComments() {
        MigrationScript script = MigrationScript.of("V1__create.sql", "db/x/V1__create.sql", TEXT);

        assertThat(script.statements(Map.of("fence_table", "my_fence")))
                .containsExactly("CREATE TABLE my_fence (\n    id INT)", "INSERT INTO my_fence_log VALUES ('a;b')");
    }

    @Test
    void theChecksumIsOfTheScriptNotOfTheTableNames() {
        MigrationScript windows = MigrationScript.of("V1__create.sql", "a", TEXT);
        MigrationScript unix = MigrationScript.of("V1__create.sql", "b", TEXT.replace("\r\n", "\n"));

        assertThat(windows.checksum()).isEqualTo(unix.checksum());
        assertThat(MigrationScript.of("V1__create.sql", "c", TEXT + "-- changed\n")
                        .checksum())
                .isNotEqualTo(unix.checksum());
    }

    @Test
    void aPlaceholderWithoutValueIsAnErrorNamingIt() {
        MigrationScript script = MigrationScript.of("V1__create.sql", "db/x/V1__create.sql", TEXT);

        assertThatThrownBy(() -> script.statements(Map.of("outbox_table", "o")))
                .isInstanceOf(SchemaMigrationException.class)
                .hasMessage(
                        "db/x/V1__create.sql uses the placeholder ${fence_table}, which has no value; known: [outbox_table]");
    }

    @Test
    void aLastStatementWithoutSemicolonIsAnError() {
        MigrationScript script = MigrationScript.of("V1__create.sql", "db/x/V1__create.sql", "CREATE TABLE t (id INT)");

        assertThatThrownBy(() -> script.statements(Map.of()))
                .isInstanceOf(SchemaMigrationException.class)
                .hasMessageContaining("db/x/V1__create.sql ends with a statement that has no ';'");
    }
}
