package dev.tandem.core.fence;

import java.util.ArrayList;
import java.util.List;

/** Splits rows so that no statement binds more parameters than the drivers allow (65,535 on both). */
final class Chunks {

    static final int MAX_PARAMETERS = 30_000;

    private Chunks() {}

    static <T> List<List<T>> of(List<T> rows, int parametersPerRow) {
        int size = Math.max(1, MAX_PARAMETERS / Math.max(1, parametersPerRow));
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += size) {
            chunks.add(rows.subList(from, Math.min(rows.size(), from + size)));
        }
        return chunks;
    }
}
