package dev.tandem.backfill;

import dev.tandem.core.source.KeyRangeReader;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a table into chunks of about {@code chunkRows} rows by walking its key index once, in key
 * order: every {@code chunkRows}-th key closes a chunk. The last chunk is open-ended, so rows inserted
 * after planning are copied too.
 */
final class ChunkPlanner {

    private ChunkPlanner() {}

    /**
     * @throws IllegalArgumentException if the key has a type chunks cannot be bounded by
     */
    static List<Chunk> plan(String table, KeyRangeReader primary, int chunkRows) throws SQLException {
        List<Chunk> chunks = new ArrayList<>();
        Object[] state = {null, 0L}; // the open chunk's lower bound, and the keys seen in it
        primary.walkKeys(key -> {
            long seen = (Long) state[1] + 1;
            if (seen == chunkRows) {
                @SuppressWarnings("unchecked")
                List<Object> after = (List<Object>) state[0];
                KeyText.encode(key); // fails fast on a key type the checkpoint cannot hold
                chunks.add(new Chunk(table, chunks.size(), after, key, seen));
                state[0] = key;
                seen = 0;
            }
            state[1] = seen;
        });
        @SuppressWarnings("unchecked")
        List<Object> after = (List<Object>) state[0];
        chunks.add(new Chunk(table, chunks.size(), after, null, (Long) state[1]));
        return chunks;
    }
}
