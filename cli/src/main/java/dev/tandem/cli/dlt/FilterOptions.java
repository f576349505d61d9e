package dev.tandem.cli.dlt;

import dev.tandem.retry.dlt.DeadLetterFilter;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which dead letters a {@code dlt list} or {@code dlt replay} takes ({@code @Mixin}). */
final class FilterOptions {

    @Option(names = "--reason", paramLabel = "R,…", description = "Only these reasons (comma-separated).")
    String reasons;

    @Option(names = "--table", paramLabel = "T,…", description = "Only these tables (comma-separated).")
    String tables;

    @Option(
            names = "--since",
            paramLabel = "ISO-8601",
            description = "Only records dead-lettered at or after this instant.")
    String since;

    @Option(names = "--until", paramLabel = "ISO-8601", description = "Only records dead-lettered before this instant.")
    String until;

    /** The filter, or a usage error of {@code command} naming what is wrong. */
    DeadLetterFilter filter(CommandLine command) {
        return filter(command, reasons, tables, since, until);
    }

    static DeadLetterFilter filter(CommandLine command, String reasons, String tables, String since, String until) {
        try {
            return DeadLetterFilter.parse(reasons, tables, since, until);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command, e.getMessage(), e);
        }
    }
}
