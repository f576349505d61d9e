package dev.tandem.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/** Creates the commands, handing those that open a context the {@link Invocation}. */
final class CommandFactory implements CommandLine.IFactory {

    private final Invocation invocation;

    CommandFactory(Invocation invocation) {
        this.invocation = invocation;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            Constructor<K> constructor = type.getDeclaredConstructor(Invocation.class);
            constructor.setAccessible(true);
            return constructor.newInstance(invocation);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(type);
        }
    }
}
