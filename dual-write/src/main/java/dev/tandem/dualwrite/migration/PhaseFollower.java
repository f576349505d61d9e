package dev.tandem.dualwrite.migration;

import dev.tandem.core.DaemonThreads;
import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.ControlTopicException;
import dev.tandem.core.control.InstanceReport;
import dev.tandem.core.control.PhaseState;
import dev.tandem.core.control.ReconcileVerdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one migration on the control topic: a background thread assigns every partition, reads
 * from the beginning and keeps the newest phase state (highest epoch), the instances' reports and
 * the last reconcile verdict. Each new phase state is written atomically to a local file, which is
 * read at start, so an instance restarted while Kafka is down resumes in its last known phase.
 */
public final class PhaseFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PhaseFollower.class);

    private volatile RuntimeException lastFailure;
    private final ControlTopic control;
    private final String migration;
    private final Path stateFile;
    private final List<Consumer<PhaseState>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, InstanceReport> instances = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile PhaseState state;
    private volatile ReconcileVerdict verdict;
    private volatile boolean closed;
    private volatile org.apache.kafka.clients.consumer.Consumer<String, String> consumer;

    /**
     * @param initial the state until the control topic or the state file tells otherwise
     * @param stateDirectory where the last known state is kept; null keeps nothing (a coordinator)
     */
    public PhaseFollower(ControlTopic control, String migration, PhaseState initial, Path stateDirectory) {
        this.control = control;
        this.migration = migration;
        this.stateFile = stateDirectory == null ? null : stateDirectory.resolve("tandem-phase-" + migration + ".json");
        this.state = load().orElse(initial);
        this.thread = DaemonThreads.thread("tandem-phase-follower-" + migration, this::follow);
    }

    /** Starts following; returns at once, whether Kafka is reachable or not. */
    public PhaseFollower start() {
        thread.start();
        return this;
    }

    /** Why following failed last, if it did: the cause to report when catching up takes too long. */
    public Optional<RuntimeException> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** Waits until everything on the control topic at start was read; false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String migration() {
        return migration;
    }

    /** The newest phase state known. */
    public PhaseState state() {
        return state;
    }

    /** The last reconcile verdict published, if any. */
    public Optional<ReconcileVerdict> verdict() {
        return Optional.ofNullable(verdict);
    }

    /** The newest report of every instance that has not signed off. */
    public List<InstanceReport> instances() {
        return List.copyOf(instances.values());
    }

    /** Calls {@code listener} with every newer phase state, on the follower's thread. */
    public void onChange(Consumer<PhaseState> listener) {
        listeners.add(listener);
    }

    /** Takes {@code newer} if it is newer than the known state, e.g. right after publishing it. */
    void offer(PhaseState newer) {
        accept(newer);
    }

    private void follow() {
        long backoff = 200;
        while (!closed) {
            try (org.apache.kafka.clients.consumer.Consumer<String, String> consumer =
                    control.consumer("tandem-phase-follower")) {
                this.consumer = consumer;
                if (closed) {
                    return;
                }
                List<TopicPartition> partitions = new ArrayList<>();
                consumer.partitionsFor(control.topic(), control.timeout())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                if (partitions.isEmpty()) {
                    throw new ControlTopicException("Topic " + control.topic() + " does not exist", null);
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                backoff = 200;
                while (!closed) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        handle(record.key(), record.value());
                    }
                    if (caughtUp.getCount() > 0
                            && partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) {
                        caughtUp.countDown();
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException
                    | org.apache.kafka.common.errors.WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                lastFailure = e;
                log.warn(
                        "Migration '{}': cannot follow {} ({}); staying in {} and retrying",
                        migration,
                        control.topic(),
                        e.toString(),
                        state.describe());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void handle(String key, String value) {
        if (key == null) {
            return;
        }
        try {
            if (key.equals(ControlTopic.phaseKey(migration)) && value != null) {
                accept(ControlTopic.decode(value, PhaseState.class));
            } else if (key.equals(ControlTopic.verdictKey(migration)) && value != null) {
                verdict = ControlTopic.decode(value, ReconcileVerdict.class);
            } else if (key.startsWith(ControlTopic.instanceKey(migration, ""))) {
                String instance =
                        key.substring(ControlTopic.instanceKey(migration, "").length());
                if (value == null) {
                    instances.remove(instance);
                } else {
                    instances.put(instance, ControlTopic.decode(value, InstanceReport.class));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Migration '{}': ignoring an unreadable control record {} ({})", migration, key, e.toString());
        }
    }

    private synchronized void accept(PhaseState newer) {
        if (newer.epoch() <= state.epoch()) {
            return;
        }
        PhaseState was = state;
        state = newer;
        save(newer);
        log.info("Migration '{}': {} -> {} (by {})", migration, was.describe(), newer.describe(), newer.changedBy());
        for (Consumer<PhaseState> listener : listeners) {
            try {
                listener.accept(newer);
            } catch (RuntimeException e) {
                log.error("Migration '{}': a listener failed on {}", migration, newer.describe(), e);
            }
        }
    }

    private Optional<PhaseState> load() {
        if (stateFile == null || !Files.exists(stateFile)) {
            return Optional.empty();
        }
        try {
            PhaseState saved =
                    ControlTopic.decode(Files.readString(stateFile, StandardCharsets.UTF_8), PhaseState.class);
            log.info("Migration '{}': last known phase {} (from {})", migration, saved.describe(), stateFile);
            return Optional.of(saved);
        } catch (IOException | RuntimeException e) {
            log.warn("Migration '{}': ignoring unreadable {} ({})", migration, stateFile, e.toString());
            return Optional.empty();
        }
    }

    private void save(PhaseState saved) {
        if (stateFile == null) {
            return;
        }
        try {
            Files.createDirectories(stateFile.getParent());
            Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(ControlTopic.encode(saved).getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn(
                    "Migration '{}': could not keep {} in {} ({})",
                    migration,
                    saved.describe(),
                    stateFile,
                    e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        org.apache.kafka.clients.consumer.Consumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(1_000);
            if (thread.isAlive()) {
                // Still connecting or sleeping before a retry.
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
