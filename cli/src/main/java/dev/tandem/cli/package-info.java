/**
 * The operator's command line, {@code tandem}: one picocli command tree ({@link
 * dev.tandem.cli.Tandem}) whose commands all end with one {@link dev.tandem.cli.ExitCode}. Options
 * with a dot in their name are configuration properties for the service context a command opens
 * ({@link dev.tandem.cli.SpringArguments}); a command opens it ({@link dev.tandem.cli.Invocation})
 * only after its own arguments were checked.
 */
package dev.tandem.cli;
