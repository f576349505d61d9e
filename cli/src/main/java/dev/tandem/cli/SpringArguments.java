package dev.tandem.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line split in two: the command's own arguments, for picocli, and configuration
 * properties ({@code --spring.kafka.bootstrap-servers=…}, {@code --tandem.reconciler.tables[0].name=…}),
 * for the Spring context a command opens. A property is an option whose name holds a dot; no
 * command's own option does.
 *
 * @param own the command, its options and arguments, in order
 * @param properties the {@code --some.property=value} arguments, in order
 */
public record SpringArguments(List<String> own, List<String> properties) {

    public SpringArguments {
        own = List.copyOf(own);
        properties = List.copyOf(properties);
    }

    /** Splits {@code args}. */
    public static SpringArguments split(String... args) {
        List<String> own = new ArrayList<>();
        List<String> properties = new ArrayList<>();
        for (String arg : args) {
            (isProperty(arg) ? properties : own).add(arg);
        }
        return new SpringArguments(own, properties);
    }

    /** Whether {@code arg} is {@code --name[=value]} with a dot in the name. */
    public static boolean isProperty(String arg) {
        if (!arg.startsWith("--")) {
            return false;
        }
        int equals = arg.indexOf('=');
        return arg.substring(2, equals < 0 ? arg.length() : equals).contains(".");
    }
}
