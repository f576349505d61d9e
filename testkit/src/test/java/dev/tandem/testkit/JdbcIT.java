package dev.tandem.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcIT {

    @ParameterizedTest
    @EnumSource(EmbeddedDatabase.Engine.class)
    void statementsRunInOrderAndRowsComeBackByLowerCaseLabel(EmbeddedDatabase.Engine engine) {
        DataSource db = EmbeddedServices.database(engine).dataSource("jdbc_it");
        Jdbc.execute(
                db,
                "DROP TABLE IF EXISTS things",
                "CREATE TABLE things (id INT PRIMARY KEY, name VARCHAR(20))",
                "INSERT INTO things VALUES (1, 'one'), (2, 'two')");

        assertThat(Jdbc.count(db, "things")).isEqualTo(2);
        assertThat(Jdbc.queryLong(db, "SELECT MAX(id) FROM things")).isEqualTo(2);
        List<Map<String, Object>> rows = Jdbc.rows(db, "SELECT id AS ID, name FROM things ORDER BY id");
        assertThat(rows).extracting(r -> r.get("name")).containsExactly("one", "two");
        assertThat(rows.get(0)).containsOnlyKeys("id", "name");
    }

    @ParameterizedTest
    @EnumSource(EmbeddedDatabase.Engine.class)
    void aFailingStatementIsNamedAndTheOnesBeforeItStay(EmbeddedDatabase.Engine engine) {
        DataSource db = EmbeddedServices.database(engine).dataSource("jdbc_it");
        Jdbc.execute(db, "DROP TABLE IF EXISTS kept", "CREATE TABLE kept (id INT PRIMARY KEY)");

        assertThatThrownBy(() -> Jdbc.execute(db, "INSERT INTO kept VALUES (1)", "INSERT INTO missing VALUES (1)"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'INSERT INTO missing VALUES (1)'");
        assertThat(Jdbc.count(db, "kept")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(EmbeddedDatabase.Engine.class)
    void queryLongRefusesAnythingButOneNumber(EmbeddedDatabase.Engine engine) {
        DataSource db = EmbeddedServices.database(engine).dataSource("jdbc_it");

        assertThatThrownBy(() -> Jdbc.queryLong(db, "SELECT 'x'"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a number");
    }
}
