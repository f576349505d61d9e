package dev.tandem.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} for every command ({@code @Mixin}). */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;
}
