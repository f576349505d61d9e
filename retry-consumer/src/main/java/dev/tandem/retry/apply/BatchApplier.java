package dev.tandem.retry.apply;

import dev.tandem.core.ApplyResult;
import dev.tandem.core.SecondaryStore;
import dev.tandem.core.codec.MutationCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies a batch of retry records to the secondary through the fence, set-wise. A batch that fails
 * for good is split in halves, recursively, until each poison record stands alone and is
 * dead-lettered, so every other record is still applied; a transient failure at any point stops the
 * batch with {@link TransientApplyException}, and re-applying the parts already applied is harmless
 * because of the fence.
 */
public final class BatchApplier {

    private final SecondaryStore secondary;

    public BatchApplier(SecondaryStore secondary) {
        this.secondary = secondary;
    }

    /**
     * @throws TransientApplyException if the secondary cannot take the records now; retry them all later
     */
    public BatchOutcome apply(List<RetryRecord> records) {
        return applyDecoded(records.stream().map(BatchApplier::decode).toList());
    }

    /**
     * Decodes {@code record}, so that a consumer can decode the next batch while the current one is
     * being applied; an undecodable record is judged here, and dead-lettered by {@link #applyDecoded}.
     */
    public static DecodedRecord decode(RetryRecord record) {
        try {
            return new DecodedRecord(record, MutationCodec.decode(record.value()), null);
        } catch (RuntimeException e) {
            DeadLetterReason reason = DeadLetterReason.of(e).orElse(DeadLetterReason.UNDECODABLE);
            return new DecodedRecord(record, null, new DeadLetter(record, reason, e.getMessage()));
        }
    }

    /**
     * Applies records decoded by {@link #decode}, as {@link #apply} does.
     *
     * @throws TransientApplyException if the secondary cannot take the records now; retry them all later
     */
    public BatchOutcome applyDecoded(List<DecodedRecord> records) {
        Tally tally = new Tally();
        List<DecodedRecord> decoded = new ArrayList<>(records.size());
        for (DecodedRecord record : records) {
            if (record.mutation() == null) {
                tally.deadLetters.add(record.undecodable());
            } else {
                decoded.add(record);
            }
        }
        applySplitting(decoded, tally);
        return new BatchOutcome(tally.applied, tally.stale, tally.duplicate, tally.deadLetters);
    }

    private void applySplitting(List<DecodedRecord> batch, Tally tally) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            List<ApplyResult> results = secondary.applyAll(
                    batch.stream().map(DecodedRecord::mutation).toList());
            results.forEach(tally::count);
        } catch (RuntimeException e) {
            if (DeadLetterReason.of(e).isEmpty()) {
                throw new TransientApplyException(batch.size(), e);
            }
            if (batch.size() == 1) {
                tally.deadLetters.add(deadLetter(batch.get(0).record(), e).orElseThrow());
                return;
            }
            int half = batch.size() / 2;
            applySplitting(batch.subList(0, half), tally);
            applySplitting(batch.subList(half, batch.size()), tally);
        }
    }

    private static Optional<DeadLetter> deadLetter(RetryRecord record, Throwable failure) {
        return DeadLetterReason.of(failure).map(reason -> new DeadLetter(record, reason, failure.getMessage()));
    }

    private static final class Tally {
        int applied;
        int stale;
        int duplicate;
        final List<DeadLetter> deadLetters = new ArrayList<>();

        void count(ApplyResult result) {
            switch (result.outcome()) {
                case APPLIED -> applied++;
                case STALE -> stale++;
                case DUPLICATE -> duplicate++;
            }
        }
    }
}
