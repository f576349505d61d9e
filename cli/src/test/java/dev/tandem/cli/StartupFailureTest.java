package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** How a context that did not start is told: one line, naming the file, key or bean. */
class StartupFailureTest {

    private static final ServiceContext CONTEXT = new ServiceContext("reconciler", List.of(Object.class), Map.of());

    @Test
    void aFailureOfAnyBeanNamesTheInnermostBeanAndTheRootCauseOnOneLine() {
        BeanCreationException failure = new BeanCreationException(
                "reconciler",
                "outer",
                new BeanCreationException("runStore", "inner", new SQLException("refused\n   twice")));

        assertThat(StartupFailure.of(CONTEXT, failure, List.of()).getMessage())
                .isEqualTo("Could not start the reconciler context (bean 'runStore'): SQLException: refused twice");
    }

    @Test
    void malformedYamlNamesTheFilesGivenAndTheLine() {
        Mark mark = new Mark("reader", 0, 3, 8, new int[0], 0);
        MarkedYAMLException yaml = new MarkedYAMLException("while parsing", mark, "expected ','", mark) {};

        assertThat(StartupFailure.of(CONTEXT, yaml, List.of("--spring.config.additional-location=/etc/r.yml"))
                        .getMessage())
                .isEqualTo("/etc/r.yml: not valid YAML: expected ',' (line 4, column 9)");
    }

    @Test
    void aPropertyAComponentRefusedIsToldWithItsKey() {
        RuntimeException failure = new BeanCreationException(
                "reconcilerPrimary",
                "x",
                new InvalidConfigurationPropertyValueException("tandem.reconciler.primary.url", "jdbc:x", "Not JDBC"));

        assertThat(StartupFailure.of(CONTEXT, failure, List.of()).getMessage())
                .startsWith("Property tandem.reconciler.primary.url with value 'jdbc:x' is invalid: Not JDBC");
    }

    @Test
    void aStartupFailureInsideIsKeptAsItIs() {
        StartupFailure inner = new StartupFailure("tandem.reconciler.secondary: could not connect", null);

        assertThat(StartupFailure.of(CONTEXT, new BeanCreationException("x", "y", inner), List.of()))
                .isSameAs(inner);
    }
}
