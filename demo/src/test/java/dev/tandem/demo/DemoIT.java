package dev.tandem.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The demo on a shorter timeline, so that a change anywhere in the platform that breaks its story
 * (a write lost or dead-lettered, the lag not drained, a difference confirmed, no report mailed)
 * fails the build and not the first user's run.
 */
class DemoIT {

    @Test
    void everyWriteReachesTheSecondaryThroughAnOutageAndTheReconcilerFindsNoDifference() throws Exception {
        Demo.Timeline quick = new Demo.Timeline(
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(12), Duration.ofSeconds(3));

        assertThat(new Demo(quick).run()).isZero();
        assertThat(Path.of("target", "tandem-report.html"))
                .as("the mailed report, written for a newcomer to open")
                .content()
                .contains("Reconciliation CLEAN");
    }
}
