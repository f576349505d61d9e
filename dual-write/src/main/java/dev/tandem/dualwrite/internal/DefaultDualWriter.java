package dev.tandem.dualwrite.internal;

import dev.tandem.core.ApplyResult;
import dev.tandem.core.DaemonThreads;
import dev.tandem.core.FailureClass;
import dev.tandem.core.FailureClassifier;
import dev.tandem.core.HandOffReason;
import dev.tandem.core.Mutation;
import dev.tandem.core.SecondaryStore;
import dev.tandem.dualwrite.DrainResult;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.DualWriterConfig;
import dev.tandem.dualwrite.DualWriterMetrics;
import dev.tandem.dualwrite.DualWriterStats;
import dev.tandem.dualwrite.LostWrites;
import dev.tandem.dualwrite.RetryHandOff;
import dev.tandem.dualwrite.WriteMode;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dual writer: a circuit breaker and a bulkhead around the fenced apply, in async mode a bounded
 * queue drained by worker threads in set-wise batches, and the retry hand-off for everything that
 * does not reach the secondary directly.
 */
public final class DefaultDualWriter implements DualWriter {

    private static final Logger log = LoggerFactory.getLogger(DefaultDualWriter.class);
    private static final Runnable NOTHING = () -> {};
    /** The circuit breaker's name: tag {@code name} of its meters (dashboards and alerts select it). */
    static final String BREAKER_NAME = "tandem-secondary";
    /** Writes an async worker applies in one transaction, at most. */
    static final int MAX_BATCH = 500;

    private final SecondaryStore secondary;
    private final RetryHandOff retry;
    private final DualWriterConfig config;
    private final DualWriterMetrics metrics;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> workers = new ArrayList<>();
    /** Writes queued or being applied by the async workers. */
    private final AtomicLong outstanding = new AtomicLong();
    /** Writes whose hand-off threw; the hand-off counts those it could keep nowhere itself. */
    private final AtomicReference<LostWrites> lost = new AtomicReference<>(LostWrites.NONE);

    private volatile boolean closed;

    public DefaultDualWriter(
            SecondaryStore secondary, RetryHandOff retry, DualWriterConfig config, DualWriterMetrics metrics) {
        this.secondary = secondary;
        this.retry = retry;
        this.config = config;
        this.metrics = metrics;
        CircuitBreakerRegistry breakers = metrics.circuitBreakerRegistry();
        // The latest writer's breaker is the one its metrics show (an application has one writer).
        breakers.remove(BREAKER_NAME);
        this.breaker = breakers.circuitBreaker(
                BREAKER_NAME,
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(config.failureRateThreshold())
                        .slowCallRateThreshold(config.failureRateThreshold())
                        .slowCallDurationThreshold(config.slowCallThreshold())
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(config.slidingWindowSize())
                        .minimumNumberOfCalls(config.minimumNumberOfCalls())
                        .waitDurationInOpenState(config.waitInOpenState())
                        .permittedNumberOfCallsInHalfOpenState(config.permittedCallsInHalfOpenState())
                        // A row the secondary refuses for good (schema, constraint, a value it cannot
                        // hold) says nothing about its health; the same rule as the retry consumer's.
                        .ignoreException(FailureClassifier::isPermanent)
                        .build());
        this.bulkhead = Bulkhead.of(
                "tandem-secondary",
                BulkheadConfig.custom()
                        .maxConcurrentCalls(config.maxConcurrentApplies())
                        .maxWaitDuration(Duration.ZERO)
                        .build());
        this.breaker.getEventPublisher().onStateTransition(event -> {
            if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                log.warn(
                        "Secondary circuit breaker {}: failure rate {} %, slow call rate {} % over the last {}"
                                + " applies",
                        event.getStateTransition(),
                        breaker.getMetrics().getFailureRate(),
                        breaker.getMetrics().getSlowCallRate(),
                        breaker.getMetrics().getNumberOfBufferedCalls());
            } else {
                // The window was just reset: its rates would read -1 %.
                log.warn("Secondary circuit breaker {}", event.getStateTransition());
            }
        });
        this.queue = config.mode() == WriteMode.ASYNC ? new ArrayBlockingQueue<>(config.asyncQueueCapacity()) : null;
        if (queue != null) {
            for (int i = 1; i <= config.asyncThreads(); i++) {
                workers.add(DaemonThreads.start("tandem-dualwrite-" + i, this::drainQueue));
            }
        }
    }

    @Override
    public void write(Mutation mutation) {
        take(new Pending(mutation, NOTHING, false));
    }

    @Override
    public void write(Mutation mutation, Runnable onDurable) {
        take(new Pending(mutation, onDurable, true));
    }

    private void take(Pending pending) {
        if (closed) {
            handOff(pending, HandOffReason.SHUTDOWN, new HandOffCause("The dual writer is closed"));
            return;
        }
        if (queue == null) {
            applyOrHandOff(List.of(pending));
            return;
        }
        outstanding.incrementAndGet();
        if (!queue.offer(pending)) {
            outstanding.decrementAndGet();
            handOff(
                    pending,
                    HandOffReason.QUEUE_FULL,
                    new HandOffCause(
                            "The dual writer's queue is full (" + config.asyncQueueCapacity() + " writes waiting)"));
        }
    }

    @Override
    public DrainResult drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pending;
        while ((pending = outstanding.get()) > 0) {
            if (System.nanoTime() >= deadline) {
                return DrainResult.of(pending, lostWrites());
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DrainResult.of(pending, lostWrites());
            }
        }
        retry.flush();
        return DrainResult.of(0, lostWrites());
    }

    @Override
    public LostWrites lostWrites() {
        return lost.get().and(retry.lostWrites());
    }

    @Override
    public boolean isCircuitOpen() {
        return breakerState().sendsToRetryTopic();
    }

    @Override
    public DualWriterStats stats() {
        return new DualWriterStats(breakerState(), queue == null ? 0 : queue.size());
    }

    private DualWriterStats.Breaker breakerState() {
        return DualWriterStats.Breaker.valueOf(breaker.getState().name());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (queue == null) {
            return;
        }
        long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
        for (Thread worker : workers) {
            try {
                worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.forEach(Thread::interrupt);
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            log.warn("Dual writer closed with {} queued writes; handing them to the retry topic", left.size());
            HandOffCause cause = new HandOffCause("The dual writer closed before this write was applied");
            left.forEach(p -> handOff(p, HandOffReason.SHUTDOWN, cause));
        }
    }

    /**
     * An async worker: takes what is queued, up to {@value #MAX_BATCH} writes, and applies it as one
     * set-wise batch; until closed and the queue is empty.
     */
    private void drainQueue() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!(closed && queue.isEmpty())) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                linger(batch);
                applyOrHandOff(batch);
            } catch (InterruptedException e) {
                batch.forEach(p -> handOff(p, HandOffReason.SHUTDOWN, e));
                return;
            } catch (RuntimeException e) {
                log.error(
                        "Dual-write worker failed on a batch of {} writes; handing them to the retry topic",
                        batch.size(),
                        e);
                batch.forEach(p -> handOff(p, HandOffReason.SECONDARY_FAILED, e));
            } finally {
                outstanding.addAndGet(-batch.size());
                batch.clear();
            }
        }
    }

    /**
     * Waits {@link DualWriterConfig#asyncLinger} for more writes, then takes them into {@code batch}
     * (up to {@value #MAX_BATCH}). Sleeping rather than waiting on the queue wakes this worker once per
     * batch instead of once per write, and the callers' offers find no waiter to signal.
     */
    private void linger(List<Pending> batch) throws InterruptedException {
        long linger = config.asyncLinger().toNanos();
        if (linger == 0 || batch.size() >= MAX_BATCH || closed) {
            return;
        }
        TimeUnit.NANOSECONDS.sleep(linger);
        queue.drainTo(batch, MAX_BATCH - batch.size());
    }

    /** Applies {@code batch} in one transaction, or hands every write of it to the retry topic. */
    private void applyOrHandOff(List<Pending> batch) {
        if (!breaker.tryAcquirePermission()) {
            HandOffCause cause = new HandOffCause("CircuitBreaker '" + breaker.getName() + "' is " + breaker.getState()
                    + " and does not permit further calls");
            batch.forEach(p -> handOff(p, HandOffReason.CIRCUIT_OPEN, cause));
            return;
        }
        if (!bulkhead.tryAcquirePermission()) {
            breaker.releasePermission();
            HandOffCause cause = new HandOffCause("Bulkhead '" + bulkhead.getName() + "' is full: "
                    + config.maxConcurrentApplies() + " applies in progress");
            batch.forEach(p -> handOff(p, HandOffReason.BULKHEAD_FULL, cause));
            return;
        }
        long start = System.nanoTime();
        try {
            List<ApplyResult> results =
                    secondary.applyAll(batch.stream().map(Pending::mutation).toList());
            long nanos = System.nanoTime() - start;
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            results.forEach(r -> metrics.applied(r.outcome(), nanos / results.size()));
            batch.forEach(Pending::durable);
        } catch (RuntimeException e) {
            long nanos = System.nanoTime() - start;
            // Permanent failures are ignored by the breaker's configuration: this releases the permission only.
            breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
            FailureClass failure = FailureClassifier.classify(e);
            if (!failure.isPermanent()) {
                metrics.applyFailed(nanos);
                batch.forEach(p -> handOff(p, HandOffReason.SECONDARY_FAILED, e));
            } else if (batch.size() == 1) {
                handOff(
                        batch.get(0),
                        failure == FailureClass.INVALID_MUTATION
                                ? HandOffReason.INVALID_MUTATION
                                : HandOffReason.REJECTED_BY_SECONDARY,
                        e);
            } else {
                // One write cannot be written: apply the others one by one so only it is handed off.
                batch.forEach(p -> applyOrHandOff(List.of(p)));
            }
        } finally {
            bulkhead.onComplete();
        }
    }

    private void handOff(Pending pending, HandOffReason reason, Throwable cause) {
        metrics.handedOff(reason);
        try {
            if (pending.kept()) {
                retry.handOff(pending.mutation(), reason, cause, pending::durable);
            } else {
                retry.handOff(pending.mutation(), reason, cause);
            }
        } catch (RuntimeException e) {
            // The hand-off keeps mutations durably and should not throw; if it does, say so loudly.
            if (pending.kept()) {
                log.warn(
                        "Could not hand {} to the retry topic ({}); its caller keeps it (the outbox relays it again)",
                        pending.mutation().describe(),
                        reason,
                        e);
            } else {
                lost.updateAndGet(l -> l.plusOne(Instant.now()));
                log.error(
                        "Lost {}: could not hand it to the retry topic ({}); the reconciler will report the row",
                        pending.mutation().describe(),
                        reason,
                        e);
            }
        }
    }

    /**
     * A write waiting to be applied, with what to run once it is durable elsewhere than the primary;
     * {@code kept} if its caller keeps it until then (the crash-safe outbox).
     */
    private record Pending(Mutation mutation, Runnable onDurable, boolean kept) {
        void durable() {
            try {
                onDurable.run();
            } catch (RuntimeException e) {
                log.warn("A callback after {} failed", mutation.describe(), e);
            }
        }
    }
}
