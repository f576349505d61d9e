package dev.tandem.core;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tandem's background threads: daemons (they never keep the JVM alive), named so a thread dump says
 * whose they are, and logging an exception that ends one instead of losing it on standard error.
 */
public final class DaemonThreads implements ThreadFactory {

    private static final Logger log = LoggerFactory.getLogger(DaemonThreads.class);
    private static final Thread.UncaughtExceptionHandler LOG_UNCAUGHT =
            (thread, error) -> log.error("Thread {} ended with an uncaught exception", thread.getName(), error);

    private final String name;
    private final AtomicInteger count;

    private DaemonThreads(String name, boolean numbered) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A thread needs a name");
        }
        this.name = name;
        this.count = numbered ? new AtomicInteger() : null;
    }

    /** A factory whose threads are all called {@code name}, e.g. for a single-thread executor. */
    public static DaemonThreads named(String name) {
        return new DaemonThreads(name, false);
    }

    /** A factory whose threads are called {@code prefix-1}, {@code prefix-2}, … in the order made. */
    public static DaemonThreads numbered(String prefix) {
        return new DaemonThreads(prefix, true);
    }

    /** A new daemon thread called {@code name} that runs {@code task}, not yet started. */
    public static Thread thread(String name, Runnable task) {
        return named(name).newThread(task);
    }

    /** A new daemon thread called {@code name} that runs {@code task}, started. */
    public static Thread start(String name, Runnable task) {
        Thread thread = thread(name, task);
        thread.start();
        return thread;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, count == null ? name : name + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler(LOG_UNCAUGHT);
        return thread;
    }
}
