package dev.tandem.cli;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.context.properties.source.MutuallyExclusiveConfigurationPropertiesException;
import picocli.CommandLine;

/**
 * The exit status of every {@code tandem} command: each command's result, and what picocli returns
 * for usage errors and for exceptions a command throws ({@link #of(Throwable)}).
 */
public enum ExitCode implements CommandLine.IExitCodeGenerator {
    /** Done: the stores agree, the copy is complete, the phase moved, the records were listed. */
    OK(0),
    /**
     * Done, and what it found needs an operator: confirmed differences, a chunk that still differed
     * after its last attempt, a phase change a gate refused (nothing changed), a record not found.
     */
    DIFFERENCES(1),
    /** Bad usage or configuration: nothing was done. */
    USAGE(2),
    /** Failed: a store or Kafka failed, a table could not be compared, the run was stopped. */
    FAILED(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    @Override
    public int getExitCode() {
        return code;
    }

    /**
     * The status for a command that threw {@code failure}: {@link #USAGE} for bad input (an illegal
     * argument, a configuration property Spring Boot could not bind or that a component refused),
     * a context that could not start ({@link StartupFailure}), {@link #FAILED} for anything else.
     */
    public static ExitCode of(Throwable failure) {
        if (failure instanceof IllegalArgumentException
                || failure instanceof CommandLine.ParameterException
                || failure instanceof StartupFailure) {
            return USAGE;
        }
        return configurationProblem(failure) != null ? USAGE : FAILED;
    }

    /**
     * What an operator reads for a usage error: the message of the configuration property Spring Boot
     * refused (which names the key), or else of {@code failure} itself.
     */
    public static String reason(Throwable failure) {
        if (failure instanceof StartupFailure) {
            return failure.getMessage();
        }
        Throwable problem = configurationProblem(failure);
        return (problem != null ? problem : failure).getMessage();
    }

    /**
     * What an operator reads for a failure: its message, then the root cause it wraps (where the real
     * reason usually is: a timeout, a refused connection), e.g. {@code Could not read tandem.control to
     * its end within 10000 ms; cause: TimeoutException: Timeout expired while fetching topic metadata}.
     */
    public static String describe(Throwable failure) {
        String message = failure.getMessage() != null
                ? StartupFailure.oneLine(failure.getMessage())
                : failure.getClass().getSimpleName();
        Throwable root = rootOf(failure);
        if (root == failure) {
            return message;
        }
        return message + "; cause: " + root(failure);
    }

    /** The innermost cause of {@code failure}, on one line: {@code ConnectException: Connection refused}. */
    public static String root(Throwable failure) {
        Throwable root = rootOf(failure);
        return root.getClass().getSimpleName()
                + (root.getMessage() != null ? ": " + StartupFailure.oneLine(root.getMessage()) : "");
    }

    private static Throwable rootOf(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    static Throwable configurationProblem(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException
                    || cause instanceof InvalidConfigurationPropertyValueException
                    || cause instanceof MutuallyExclusiveConfigurationPropertiesException) {
                return cause;
            }
        }
        return null;
    }
}
