package dev.tandem.retry.listener;

import dev.tandem.retry.RetryConsumerProperties;
import dev.tandem.retry.RetryMetricNames;
import dev.tandem.retry.apply.BatchApplier;
import dev.tandem.retry.dlt.DeadLetterPublisher;
import dev.tandem.retry.lag.ConsumerActivity;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@code tandem.retry.concurrency} consumers of the retry topic, each on its own thread and
 * with its own share of the partitions. A consumer that dies of an unexpected error is replaced
 * after a pause. Stopping waits for the batches in flight to be applied and committed.
 */
public final class RetryTopicListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetryTopicListener.class);
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(5);

    private final RetryConsumerProperties properties;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final BatchApplier applier;
    private final DeadLetterPublisher deadLetters;
    private final ConsumerActivity activity;
    private final ConsumerMetrics metrics;
    private final Clock clock;
    private final List<Slot> slots = new ArrayList<>();
    private volatile boolean running;

    /** @param group the consumer group the {@code consumers} join (a tag of the meters) */
    public RetryTopicListener(
            RetryConsumerProperties properties,
            String group,
            Supplier<Consumer<byte[], byte[]>> consumers,
            BatchApplier applier,
            DeadLetterPublisher deadLetters,
            ConsumerActivity activity,
            MeterRegistry registry,
            Clock clock) {
        this.properties = properties;
        this.consumers = consumers;
        this.applier = applier;
        this.deadLetters = deadLetters;
        this.activity = activity;
        this.metrics = new ConsumerMetrics(registry, RetryMetricNames.tags(properties.topic(), group));
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < properties.concurrency(); i++) {
            Slot slot = new Slot();
            Thread thread = new Thread(slot, "tandem-retry-consumer-" + i);
            slot.thread = thread;
            slots.add(slot);
            thread.start();
        }
        log.info(
                "Consuming '{}' with {} consumers, batches of up to {} records",
                properties.topic(),
                properties.concurrency(),
                properties.batchSize());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        slots.forEach(Slot::stop);
        for (Slot slot : slots) {
            try {
                slot.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        slots.clear();
        log.info("Stopped consuming '{}'", properties.topic());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server and the data source, after the lag monitor. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1024;
    }

    /** One consumer thread: runs a worker, and a fresh one after an unexpected failure. */
    private final class Slot implements Runnable {
        private volatile RetryTopicWorker worker;
        private Thread thread;

        @Override
        public void run() {
            while (running) {
                Consumer<byte[], byte[]> consumer = consumers.get();
                worker = new RetryTopicWorker(
                        consumer,
                        properties.topic(),
                        applier,
                        deadLetters,
                        new Backoff(properties.backoff(), () -> ThreadLocalRandom.current()
                                .nextDouble()),
                        activity,
                        metrics,
                        properties.pollTimeout(),
                        clock);
                if (!running) {
                    consumer.close(Duration.ZERO);
                    return;
                }
                worker.run();
                if (running) {
                    log.warn("Restarting a consumer of '{}' in {}", properties.topic(), RESTART_PAUSE);
                    sleep(RESTART_PAUSE);
                }
            }
        }

        void stop() {
            RetryTopicWorker current = worker;
            if (current != null) {
                current.stop();
            }
        }

        /** Not interrupting: an interrupt would abort a Kafka commit of a batch already applied. */
        private void sleep(Duration pause) {
            long deadline = System.nanoTime() + pause.toNanos();
            while (running && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
