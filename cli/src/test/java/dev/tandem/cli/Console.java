package dev.tandem.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs {@code tandem} commands in the test's JVM, capturing what they print, with a context opener
 * that records each context a command asks for and then fails it (or hands out a given context).
 */
public final class Console {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<ServiceContext> opened = new ArrayList<>();
    private final List<List<String>> properties = new ArrayList<>();
    private RuntimeException failure = new IllegalStateException("no context in this test");

    /** Opening a context fails with {@code failure} (after it was recorded). */
    public Console failingWith(RuntimeException failure) {
        this.failure = failure;
        return this;
    }

    /** Runs {@code args} and returns the exit status. */
    public int run(String... args) {
        return Tandem.execute(this::open, new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private ConfigurableApplicationContext open(ServiceContext context, List<String> given) {
        opened.add(context);
        properties.add(given);
        throw failure;
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }

    /** The contexts the commands asked for, in order. */
    public List<ServiceContext> opened() {
        return opened;
    }

    /** The command-line properties each context was given. */
    public List<List<String>> properties() {
        return properties;
    }
}
