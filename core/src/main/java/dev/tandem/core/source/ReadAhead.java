package dev.tandem.core.source;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.compare.SourceRow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a side on a thread of its own, a bounded number of blocks of rows ahead, so that both
 * stores are read in parallel with the comparison; memory stays bounded by the queue.
 */
public final class ReadAhead implements Iterator<SourceRow>, AutoCloseable {

    private static final int BLOCK = 1_000;
    private static final List<SourceRow> END = List.of();

    private final BlockingQueue<Object> blocks = new ArrayBlockingQueue<>(4);
    private final Thread reader;
    private Iterator<SourceRow> current = java.util.Collections.emptyIterator();
    private boolean ended;
    private volatile boolean closed;

    public ReadAhead(Iterator<SourceRow> source, String name) {
        reader = DaemonThreads.start("tandem-reconcile-read-" + name, () -> read(source));
    }

    private void read(Iterator<SourceRow> source) {
        try {
            List<SourceRow> block = new ArrayList<>(BLOCK);
            while (!closed && source.hasNext()) {
                block.add(source.next());
                if (block.size() == BLOCK) {
                    blocks.put(block);
                    block = new ArrayList<>(BLOCK);
                }
            }
            if (!block.isEmpty()) {
                blocks.put(block);
            }
            blocks.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            try {
                blocks.put(e);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean hasNext() {
        while (!current.hasNext() && !ended) {
            Object next;
            try {
                next = blocks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TableReadException("Interrupted while waiting for rows", e);
            }
            if (next instanceof RuntimeException failure) {
                throw failure;
            }
            if (next == END) {
                ended = true;
            } else {
                current = ((List<SourceRow>) next).iterator();
            }
        }
        return current.hasNext();
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return current.next();
    }

    /** Stops the reader; the source itself is closed by its owner, after this. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        blocks.clear();
        reader.interrupt();
        reader.join();
    }
}
