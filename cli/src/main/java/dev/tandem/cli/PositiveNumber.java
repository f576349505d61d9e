package dev.tandem.cli;

import picocli.CommandLine;

/** Converts a positive whole number ({@code --limit=20}, a run id), naming what it got otherwise. */
public final class PositiveNumber implements CommandLine.ITypeConverter<Integer> {

    @Override
    public Integer convert(String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new CommandLine.TypeConversionException("must be a positive whole number, was '" + text + "'");
    }
}
