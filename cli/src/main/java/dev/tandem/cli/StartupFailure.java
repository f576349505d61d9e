package dev.tandem.cli;

import org.springframework.beans.factory.BeanCreationException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A command's context could not start: a configuration file that is not YAML, a store that refused
 * the connection, a property a component refused. Its message is one line naming the file or key
 * and what is wrong; the command exits with {@link ExitCode#USAGE}.
 */
public class StartupFailure extends RuntimeException {

    public StartupFailure(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** What made {@code context} fail to start, as one line. */
    public static StartupFailure of(ServiceContext context, Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StartupFailure startup) {
                return startup;
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException yaml) {
                return new StartupFailure(malformedYaml(failure, yaml), failure);
            }
        }
        if (ExitCode.configurationProblem(failure) != null) {
            return new StartupFailure(ExitCode.describe(ExitCode.configurationProblem(failure)), failure);
        }
        return new StartupFailure(
                "Could not start the " + context.name() + " context" + bean(failure) + ": " + ExitCode.root(failure),
                failure);
    }

    private static String malformedYaml(Throwable failure, MarkedYAMLException yaml) {
        Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
        String where =
                mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
        String problem = yaml.getProblem() != null ? yaml.getProblem() : yaml.getContext();
        // Spring Boot's message names the file: Failed to load property source from location 'file:…'
        return failure.getMessage() + ": not valid YAML: " + problem + where;
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
