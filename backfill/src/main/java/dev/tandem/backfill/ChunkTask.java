package dev.tandem.backfill;

import dev.tandem.core.work.Task;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chunk as a task on the tasks topic: key {@code <table>/<chunk>}, value
 * {@code run=<run id> table=<table> chunk=<n>}. The range itself stays in the checkpoint table, the
 * one truth every worker reads.
 */
record ChunkTask(String runId, String table, int chunk) {

    private static final Pattern VALUE = Pattern.compile("run=(\\S+) table=(\\S+) chunk=(\\d+)");

    Task task() {
        // The same chunk always lands in the same partition: published twice, it is copied twice in turn.
        int slot = table.toLowerCase(Locale.ROOT).hashCode() * 31 + chunk;
        return new Task(table + "/" + chunk, "run=" + runId + " table=" + table + " chunk=" + chunk, slot);
    }

    /** @throws IllegalArgumentException quoting a value that is not a chunk task */
    static ChunkTask decode(String value) {
        Matcher matcher = VALUE.matcher(value == null ? "" : value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a backfill chunk task: '" + value + "'");
        }
        return new ChunkTask(matcher.group(1), matcher.group(2), Integer.parseInt(matcher.group(3)));
    }
}
