package dev.tandem.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.BeanCreationException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A command's context could not start: a configuration file that is not YAML, a store that refused
 * the connection, a property a component refused. Its message is one line naming the file or key
 * and what is wrong; the command exits with {@link ExitCode#USAGE}.
 */
public class StartupFailure extends RuntimeException {

    private static final List<String> CONFIG_KEYS =
            List.of("spring.config.additional-location", "spring.config.location", "spring.config.import");

    public StartupFailure(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** What made {@code context} fail to start, given the command line's {@code properties}, as one line. */
    public static StartupFailure of(ServiceContext context, Throwable failure, List<String> properties) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StartupFailure startup) {
                return startup;
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException yaml) {
                return new StartupFailure(
                        configFiles(properties) + ": not valid YAML: " + malformedYaml(yaml), failure);
            }
        }
        if (ExitCode.configurationProblem(failure) != null) {
            return new StartupFailure(ExitCode.describe(ExitCode.configurationProblem(failure)), failure);
        }
        return new StartupFailure(
                "Could not start the " + context.name() + " context" + bean(failure) + ": " + ExitCode.root(failure),
                failure);
    }

    /** {@code expected ',' or '}', but got : (line 4, column 9)}. */
    private static String malformedYaml(MarkedYAMLException yaml) {
        Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
        String where =
                mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
        return (yaml.getProblem() != null ? yaml.getProblem() : yaml.getContext()) + where;
    }

    /**
     * The configuration files the command was given ({@code --spring.config.additional-location=…},
     * {@code location}, {@code import} or their environment variables), or where Spring Boot looks by
     * default: Spring Boot's YAML failure does not say which file it was reading.
     */
    private static String configFiles(List<String> properties) {
        List<String> files = new ArrayList<>();
        for (String property : properties) {
            for (String key : CONFIG_KEYS) {
                if (property.startsWith("--" + key + "=")) {
                    files.add(property.substring(key.length() + 3));
                }
            }
        }
        for (String key : CONFIG_KEYS) {
            String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                files.add(value + " (" + variable + ")");
            }
        }
        return files.isEmpty()
                ? "application.yml (working directory, config/ or the class path)"
                : String.join(", ", files);
    }

    /** {@code , bean 'name'} of the innermost bean that could not be created. */
    private static String bean(Throwable failure) {
        String name = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BeanCreationException creation && creation.getBeanName() != null) {
                name = creation.getBeanName();
            }
        }
        return name == null ? "" : " (bean '" + name + "')";
    }

    /** {@code text} on one line: newlines and runs of blanks become one space. */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }
}
