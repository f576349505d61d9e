package dev.tandem.retry.apply;

import java.util.List;

/**
 * What became of a batch: how many records were applied, found stale or duplicate, and which go to
 * the dead-letter topic. Once the dead letters are published, every record of the batch is accounted
 * for and its offsets may be committed.
 */
public record BatchOutcome(int applied, int stale, int duplicate, List<DeadLetter> deadLetters) {

    public BatchOutcome {
        deadLetters = List.copyOf(deadLetters);
    }
}
