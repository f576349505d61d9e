package dev.tandem.bench.dualwrite;

import dev.tandem.core.HandOffReason;
import dev.tandem.core.Mutation;
import dev.tandem.dualwrite.LostWrites;
import dev.tandem.dualwrite.RetryHandOff;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** A hand-off that counts what it passes on, by reason, so a benchmark can check what its run did. */
final class CountingHandOff implements RetryHandOff {

    private final RetryHandOff delegate;
    private final Map<HandOffReason, LongAdder> byReason = new EnumMap<>(HandOffReason.class);

    CountingHandOff(RetryHandOff delegate) {
        this.delegate = delegate;
        for (HandOffReason reason : HandOffReason.values()) {
            byReason.put(reason, new LongAdder());
        }
    }

    @Override
    public void handOff(Mutation mutation, HandOffReason reason, Throwable cause) {
        byReason.get(reason).increment();
        delegate.handOff(mutation, reason, cause);
    }

    @Override
    public void handOff(Mutation mutation, HandOffReason reason, Throwable cause, Runnable onAcknowledged) {
        byReason.get(reason).increment();
        delegate.handOff(mutation, reason, cause, onAcknowledged);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public LostWrites lostWrites() {
        return delegate.lostWrites();
    }

    /** Hand-offs since the last call, by reason (reasons with none left out), and starts counting again. */
    Map<HandOffReason, Long> takeCounts() {
        Map<HandOffReason, Long> counts = new EnumMap<>(HandOffReason.class);
        byReason.forEach((reason, count) -> {
            long n = count.sumThenReset();
            if (n > 0) {
                counts.put(reason, n);
            }
        });
        return counts;
    }

    long take() {
        return takeCounts().values().stream().mapToLong(Long::longValue).sum();
    }
}
