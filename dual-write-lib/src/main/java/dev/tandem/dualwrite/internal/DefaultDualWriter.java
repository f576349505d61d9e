package dev.tandem.dualwrite.internal;

import dev.tandem.dualwrite.ApplyOutcome;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.DualWriterConfig;
import dev.tandem.dualwrite.DualWriterMetrics;
import dev.tandem.dualwrite.HandOffReason;
import dev.tandem.dualwrite.InvalidMutationException;
import dev.tandem.dualwrite.Mutation;
import dev.tandem.dualwrite.RetryHandOff;
import dev.tandem.dualwrite.SecondaryStore;
import dev.tandem.dualwrite.WriteMode;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dual writer: a circuit breaker and a bulkhead around the fenced apply, an optional bounded
 * executor, and the retry hand-off for everything that does not reach the secondary directly.
 */
public final class DefaultDualWriter implements DualWriter {

    private static final Logger log = LoggerFactory.getLogger(DefaultDualWriter.class);

    private final SecondaryStore secondary;
    private final RetryHandOff retry;
    private final DualWriterConfig config;
    private final DualWriterMetrics metrics;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final ThreadPoolExecutor executor;
    private volatile boolean closed;

    public DefaultDualWriter(
            SecondaryStore secondary, RetryHandOff retry, DualWriterConfig config, DualWriterMetrics metrics) {
        this.secondary = secondary;
        this.retry = retry;
        this.config = config;
        this.metrics = metrics;
        this.breaker = CircuitBreaker.of(
                "tandem-secondary",
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(config.failureRateThreshold())
                        .slowCallRateThreshold(config.failureRateThreshold())
                        .slowCallDurationThreshold(config.slowCallThreshold())
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(config.slidingWindowSize())
                        .minimumNumberOfCalls(config.minimumNumberOfCalls())
                        .waitDurationInOpenState(config.waitInOpenState())
                        .permittedNumberOfCallsInHalfOpenState(config.permittedCallsInHalfOpenState())
                        // A mutation the schema refuses says nothing about the secondary's health.
                        .ignoreExceptions(InvalidMutationException.class)
                        .build());
        this.bulkhead = Bulkhead.of(
                "tandem-secondary",
                BulkheadConfig.custom()
                        .maxConcurrentCalls(config.maxConcurrentApplies())
                        .maxWaitDuration(Duration.ZERO)
                        .build());
        this.breaker
                .getEventPublisher()
                .onStateTransition(event -> log.warn(
                        "Secondary circuit breaker {}: failure rate {} %, slow call rate {} % over the last {} applies",
                        event.getStateTransition(),
                        breaker.getMetrics().getFailureRate(),
                        breaker.getMetrics().getSlowCallRate(),
                        breaker.getMetrics().getNumberOfBufferedCalls()));
        this.executor = config.mode() == WriteMode.ASYNC ? newExecutor(config) : null;
    }

    @Override
    public void write(Mutation mutation) {
        if (closed) {
            handOff(mutation, HandOffReason.SHUTDOWN, new IllegalStateException("The dual writer is closed"));
            return;
        }
        if (executor == null) {
            applyOrHandOff(mutation);
            return;
        }
        try {
            executor.execute(new ApplyTask(mutation));
        } catch (RejectedExecutionException e) {
            handOff(mutation, closed ? HandOffReason.SHUTDOWN : HandOffReason.QUEUE_FULL, e);
        }
    }

    @Override
    public boolean isCircuitOpen() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    /** The breaker, for metrics. */
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /** Mutations waiting in the async queue. */
    public int queued() {
        return executor == null ? 0 : executor.getQueue().size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                List<Runnable> pending = executor.shutdownNow();
                log.warn("Dual writer closed with {} queued writes; handing them to the retry topic", pending.size());
                for (Runnable task : pending) {
                    handOff(
                            ((ApplyTask) task).mutation(),
                            HandOffReason.SHUTDOWN,
                            new IllegalStateException("The dual writer closed before this write was applied"));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void applyOrHandOff(Mutation mutation) {
        if (!breaker.tryAcquirePermission()) {
            handOff(
                    mutation,
                    HandOffReason.CIRCUIT_OPEN,
                    new IllegalStateException("CircuitBreaker '" + breaker.getName() + "' is " + breaker.getState()
                            + " and does not permit further calls"));
            return;
        }
        if (!bulkhead.tryAcquirePermission()) {
            breaker.releasePermission();
            handOff(
                    mutation,
                    HandOffReason.BULKHEAD_FULL,
                    new IllegalStateException("Bulkhead '" + bulkhead.getName() + "' is full: "
                            + config.maxConcurrentApplies() + " applies in progress"));
            return;
        }
        long start = System.nanoTime();
        try {
            ApplyOutcome outcome = secondary.apply(mutation);
            long nanos = System.nanoTime() - start;
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            metrics.applied(outcome, nanos);
        } catch (InvalidMutationException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            handOff(mutation, HandOffReason.INVALID_MUTATION, e);
        } catch (RuntimeException e) {
            long nanos = System.nanoTime() - start;
            breaker.onError(nanos, TimeUnit.NANOSECONDS, e);
            metrics.applyFailed(nanos);
            handOff(mutation, HandOffReason.SECONDARY_FAILED, e);
        } finally {
            bulkhead.onComplete();
        }
    }

    private void handOff(Mutation mutation, HandOffReason reason, Throwable cause) {
        metrics.handedOff(reason);
        try {
            retry.handOff(mutation, reason, cause);
        } catch (RuntimeException e) {
            // The hand-off keeps mutations durably and should not throw; if it does, say so loudly.
            log.error(
                    "Could not hand {} to the retry topic ({}); the reconciler will report the row",
                    mutation.describe(),
                    reason,
                    e);
        }
    }

    private static ThreadPoolExecutor newExecutor(DualWriterConfig config) {
        AtomicInteger counter = new AtomicInteger();
        return new ThreadPoolExecutor(
                config.asyncThreads(),
                config.asyncThreads(),
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.asyncQueueCapacity()),
                task -> {
                    Thread thread = new Thread(task, "tandem-dualwrite-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** A queued write; {@link #close()} hands the ones still queued to the retry topic. */
    private final class ApplyTask implements Runnable {
        private final Mutation mutation;

        ApplyTask(Mutation mutation) {
            this.mutation = mutation;
        }

        Mutation mutation() {
            return mutation;
        }

        @Override
        public void run() {
            applyOrHandOff(mutation);
        }
    }
}
