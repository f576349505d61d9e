package dev.tandem.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DaemonThreadsTest {

    @Test
    void namedThreadsAreDaemonsAllCalledByTheName() {
        DaemonThreads factory = DaemonThreads.named("tandem-test");

        Thread first = factory.newThread(() -> {});
        Thread second = factory.newThread(() -> {});

        assertThat(first.isDaemon()).isTrue();
        assertThat(first.getName()).isEqualTo("tandem-test");
        assertThat(second.getName()).isEqualTo("tandem-test");
        assertThat(first.isAlive()).isFalse();
    }

    @Test
    void numberedThreadsCountFromOne() {
        DaemonThreads factory = DaemonThreads.numbered("tandem-worker");

        assertThat(factory.newThread(() -> {}).getName()).isEqualTo("tandem-worker-1");
        assertThat(factory.newThread(() -> {}).getName()).isEqualTo("tandem-worker-2");
    }

    @Test
    void startRunsTheTaskOnAStartedDaemon() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);

        Thread thread = DaemonThreads.start("tandem-once", () -> {
            ranOn.set(Thread.currentThread());
            ran.countDown();
        });

        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ranOn.get()).isSameAs(thread);
        assertThat(thread.isDaemon()).isTrue();
        assertThat(thread.getName()).isEqualTo("tandem-once");
    }

    @Test
    void anExceptionThatEndsAThreadIsLoggedWithTheThreadsName() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(DaemonThreads.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        try {
            Thread thread = DaemonThreads.start("tandem-failing", () -> {
                throw new IllegalStateException("boom");
            });
            thread.join(5_000);

            assertThat(events.list).singleElement().satisfies(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.ERROR);
                assertThat(event.getFormattedMessage()).contains("tandem-failing");
                assertThat(event.getThrowableProxy().getMessage()).isEqualTo("boom");
            });
        } finally {
            logger.detachAppender(events);
        }
    }

    @Test
    void executorThreadsComeFromTheFactory() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(DaemonThreads.named("tandem-executor"));
        try {
            Thread thread = executor.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            assertThat(thread.getName()).isEqualTo("tandem-executor");
            assertThat(thread.isDaemon()).isTrue();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aThreadNeedsAName() {
        assertThatThrownBy(() -> DaemonThreads.named(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A thread needs a name");
    }
}
