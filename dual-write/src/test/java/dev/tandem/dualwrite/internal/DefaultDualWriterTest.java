package dev.tandem.dualwrite.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.ApplyOutcome;
import dev.tandem.core.ApplyResult;
import dev.tandem.core.HandOffReason;
import dev.tandem.core.InvalidMutationException;
import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryApplyException;
import dev.tandem.core.SecondaryStore;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.DualWriterConfig;
import dev.tandem.dualwrite.DualWriterStats;
import dev.tandem.dualwrite.RetryHandOff;
import dev.tandem.dualwrite.WriteMode;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The writer's own decisions, with in-memory stand-ins for the secondary and the retry topic. */
class DefaultDualWriterTest {

    /** Records what is handed off, by write id. */
    static final class RecordingHandOff implements RetryHandOff {
        final Map<Object, HandOffReason> reasons = new ConcurrentHashMap<>();

        @Override
        public void handOff(Mutation mutation, HandOffReason reason, Throwable cause) {
            reasons.put(mutation.writeId(), reason);
        }
    }

    /** A secondary that applies everything, or blocks, or fails, as the test sets it. */
    static final class ScriptedSecondary implements SecondaryStore {
        final List<Mutation> applied = new CopyOnWriteArrayList<>();
        final AtomicInteger calls = new AtomicInteger();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean failing;
        /** When set, every apply fails with it. */
        volatile SQLException failure;

        @Override
        public ApplyOutcome apply(Mutation mutation) {
            return applyAll(List.of(mutation)).get(0).outcome();
        }

        @Override
        public List<ApplyResult> applyAll(List<Mutation> mutations) {
            calls.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failing) {
                throw new SecondaryApplyException("down", new SQLException("Connection refused", "08001"));
            }
            if (failure != null) {
                throw new SecondaryApplyException("refused", failure);
            }
            for (Mutation m : mutations) {
                if (m.table().equals("poison")) {
                    throw new InvalidMutationException(m, null, "no such table in the secondary");
                }
            }
            applied.addAll(mutations);
            return mutations.stream()
                    .map(m -> new ApplyResult(m.writeId(), ApplyOutcome.APPLIED))
                    .toList();
        }

        /** The newest version applied to each mutation's row, -1 for a row never applied. */
        @Override
        public List<Long> lastAppliedVersions(List<Mutation> mutations) {
            return mutations.stream()
                    .map(m -> applied.stream()
                            .filter(a -> a.table().equals(m.table()) && a.key().equals(m.key()))
                            .mapToLong(Mutation::version)
                            .max()
                            .orElse(-1))
                    .toList();
        }
    }

    private static Mutation write(String table, long id) {
        return Mutation.upsert(table).key("id", id).version(1).build();
    }

    private final RecordingHandOff retry = new RecordingHandOff();
    private final ScriptedSecondary secondary = new ScriptedSecondary();

    @Test
    void secondaryFailureNeverReachesTheCallerAndTheWriteIsHandedOff() {
        secondary.failing = true;
        try (DualWriter writer = DualWriter.of(
                secondary,
                retry,
                DualWriterConfig.custom().mode(WriteMode.INLINE).build())) {
            Mutation m = write("t", 1);

            writer.write(m);

            assertThat(retry.reasons).containsEntry(m.writeId(), HandOffReason.SECONDARY_FAILED);
        }
    }

    @Test
    void failuresOpenTheBreakerAndThenWritesGoStraightToTheRetryTopic() {
        secondary.failing = true;
        DualWriterConfig config = DualWriterConfig.custom()
                .mode(WriteMode.INLINE)
                .minimumNumberOfCalls(5)
                .slidingWindowSize(5)
                .waitInOpenState(Duration.ofMinutes(1))
                .build();
        try (DualWriter writer = DualWriter.of(secondary, retry, config)) {
            for (int i = 0; i < 5; i++) {
                writer.write(write("t", i));
            }
            assertThat(writer.isCircuitOpen()).isTrue();
            int callsWhenOpened = secondary.calls.get();
            Mutation afterwards = write("t", 99);

            writer.write(afterwards);

            assertThat(secondary.calls.get()).isEqualTo(callsWhenOpened);
            assertThat(retry.reasons).containsEntry(afterwards.writeId(), HandOffReason.CIRCUIT_OPEN);
        }
    }

    @Test
    void statsShowTheBreakerClosedThenOpenAfterFailures() {
        DualWriterConfig config = DualWriterConfig.custom()
                .mode(WriteMode.INLINE)
                .minimumNumberOfCalls(5)
                .slidingWindowSize(5)
                .waitInOpenState(Duration.ofMinutes(1))
                .build();
        try (DualWriter writer = DualWriter.of(secondary, retry, config)) {
            assertThat(writer.stats()).isEqualTo(new DualWriterStats(DualWriterStats.Breaker.CLOSED, 0));
            secondary.failing = true;

            for (int i = 0; i < 5; i++) {
                writer.write(write("t", i));
            }

            assertThat(writer.stats().breaker()).isEqualTo(DualWriterStats.Breaker.OPEN);
            assertThat(writer.stats().breaker().sendsToRetryTopic()).isTrue();
        }
    }

    @Test
    void statsCountTheWritesWaitingForTheAsyncExecutor() throws Exception {
        secondary.gate = new CountDownLatch(1);
        DualWriterConfig config =
                DualWriterConfig.custom().asyncThreads(1).asyncQueueCapacity(5).build();
        try (DualWriter writer = DualWriter.of(secondary, retry, config)) {
            writer.write(write("t", 1));
            awaitTrue(() -> secondary.calls.get() == 1);

            writer.write(write("t", 2));
            writer.write(write("t", 3));

            assertThat(writer.stats().queued()).isEqualTo(2);
            secondary.gate.countDown();
            awaitTrue(() -> writer.stats().queued() == 0);
        }
    }

    @Test
    void fullQueueHandsTheWriteOffAtOnce() throws Exception {
        secondary.gate = new CountDownLatch(1);
        DualWriterConfig config =
                DualWriterConfig.custom().asyncThreads(1).asyncQueueCapacity(2).build();
        try (DualWriter writer = DualWriter.of(secondary, retry, config)) {
            writer.write(write("t", 1));
            awaitTrue(() -> secondary.calls.get() == 1);
            writer.write(write("t", 2));
            writer.write(write("t", 3));
            Mutation overflow = write("t", 4);

            writer.write(overflow);

            assertThat(retry.reasons).containsOnlyKeys(overflow.writeId()).containsValue(HandOffReason.QUEUE_FULL);
            secondary.gate.countDown();
        }
    }

    @Test
    void closingHandsWritesStillQueuedToTheRetryTopic() throws Exception {
        secondary.gate = new CountDownLatch(1);
        DualWriterConfig config = DualWriterConfig.custom()
                .asyncThreads(1)
                .shutdownTimeout(Duration.ofMillis(200))
                .build();
        DualWriter writer = DualWriter.of(secondary, retry, config);
        writer.write(write("t", 1));
        awaitTrue(() -> secondary.calls.get() == 1);
        Mutation queued = write("t", 2);
        writer.write(queued);

        writer.close();
        secondary.gate.countDown();

        assertThat(retry.reasons).containsEntry(queued.writeId(), HandOffReason.SHUTDOWN);
    }

    @Test
    void writesArrivingWithinTheLingerAreAppliedAsOneBatch() throws Exception {
        try (DualWriter writer = DualWriter.of(
                secondary,
                retry,
                DualWriterConfig.custom()
                        .asyncThreads(1)
                        .asyncLinger(Duration.ofMillis(500))
                        .build())) {
            for (int i = 0; i < 5; i++) {
                writer.write(write("t", i));
            }
            awaitTrue(() -> secondary.applied.size() == 5);

            assertThat(secondary.calls.get()).isEqualTo(1);
            assertThat(retry.reasons).isEmpty();
        }
    }

    @Test
    void withoutLingerAWriteIsAppliedWithoutWaitingForMore() throws Exception {
        try (DualWriter writer = DualWriter.of(
                secondary,
                retry,
                DualWriterConfig.custom()
                        .asyncThreads(1)
                        .asyncLinger(Duration.ZERO)
                        .build())) {
            writer.write(write("t", 1));
            awaitTrue(() -> secondary.applied.size() == 1);
            writer.write(write("t", 2));
            awaitTrue(() -> secondary.applied.size() == 2);

            assertThat(secondary.calls.get()).isEqualTo(2);
        }
    }

    @Test
    void aNegativeLingerIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> DualWriterConfig.custom()
                        .asyncLinger(Duration.ofMillis(-1))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("asyncLinger must not be negative but was PT-0.001S");
    }

    @Test
    void invalidWriteInABatchIsHandedOffAloneAndTheOthersAreApplied() throws Exception {
        secondary.gate = new CountDownLatch(1);
        try (DualWriter writer = DualWriter.of(
                secondary, retry, DualWriterConfig.custom().asyncThreads(1).build())) {
            writer.write(write("t", 0));
            awaitTrue(() -> secondary.calls.get() == 1);
            Mutation good = write("t", 1);
            Mutation poison = write("poison", 2);
            Mutation alsoGood = write("t", 3);
            writer.write(good);
            writer.write(poison);
            writer.write(alsoGood);

            secondary.gate.countDown();
            awaitTrue(() -> secondary.applied.size() == 3);

            assertThat(secondary.applied).contains(good, alsoGood).doesNotContain(poison);
            assertThat(retry.reasons).containsOnlyKeys(poison.writeId()).containsValue(HandOffReason.INVALID_MUTATION);
        }
    }

    @Test
    void aBurstOfRowsTheSecondaryRefusesForGoodLeavesTheBreakerClosed() {
        secondary.failure = new SQLException("duplicate key value violates unique constraint", "23505");
        try (DualWriter writer = DualWriter.of(secondary, retry, burstConfig())) {
            for (int i = 0; i < 20; i++) {
                writer.write(write("t", i));
            }

            assertThat(writer.isCircuitOpen()).isFalse();
            assertThat(secondary.calls.get()).isEqualTo(20);
            assertThat(retry.reasons).hasSize(20);
            assertThat(retry.reasons.values()).containsOnly(HandOffReason.REJECTED_BY_SECONDARY);
        }
    }

    @Test
    void aRevokedPrivilegeCountsAsASecondaryFailureAndOpensTheBreaker() {
        secondary.failure = new SQLException("permission denied for table t", "42501");
        try (DualWriter writer = DualWriter.of(secondary, retry, burstConfig())) {
            for (int i = 0; i < 5; i++) {
                writer.write(write("t", i));
            }

            assertThat(writer.isCircuitOpen()).isTrue();
            assertThat(retry.reasons).hasSize(5);
            assertThat(retry.reasons.values()).containsOnly(HandOffReason.SECONDARY_FAILED);
        }
    }

    private static DualWriterConfig burstConfig() {
        return DualWriterConfig.custom()
                .mode(WriteMode.INLINE)
                .minimumNumberOfCalls(5)
                .slidingWindowSize(5)
                .waitInOpenState(Duration.ofMinutes(1))
                .build();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
