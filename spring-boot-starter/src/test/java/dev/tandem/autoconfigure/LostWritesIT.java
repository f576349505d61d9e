package dev.tandem.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.Mutation;
import dev.tandem.dualwrite.DrainResult;
import dev.tandem.dualwrite.DualWriter;
import dev.tandem.dualwrite.kafka.KafkaRetryHandOff;
import dev.tandem.testkit.EmbeddedDatabase;
import dev.tandem.testkit.EmbeddedDatabase.Engine;
import dev.tandem.testkit.EmbeddedServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Writes that reach neither the secondary, Kafka nor the full local spool: the drain, the lost-writes
 * counter and the writer say how many, on each engine as the secondary; writes an outbox keeps are
 * not lost.
 */
class LostWritesIT {

    private static final int WRITES = 40;
    /** Nothing listens on port 1 of 127.0.0.1: Kafka is unreachable from the first write on. */
    private static final String NO_KAFKA = "127.0.0.1:1";

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private ApplicationContextRunner runner(Engine engine) {
        EmbeddedDatabase secondary = EmbeddedServices.database(engine);
        // The secondary has no accounts table: every apply fails and is handed off.
        String url = secondary.jdbcUrl("lost_" + run);
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DualWriteAutoConfiguration.class))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(
                        "tandem.dualwrite.mode=INLINE",
                        "tandem.dualwrite.secondary.url=" + url,
                        "tandem.dualwrite.secondary.username=" + secondary.username(),
                        "tandem.dualwrite.secondary.password=" + secondary.password(),
                        "tandem.dualwrite.kafka.bootstrap-servers=" + NO_KAFKA,
                        "tandem.dualwrite.spool.directory=target/spool-lost-" + engine + "-" + run,
                        "tandem.dualwrite.spool.max-size=2KB");
    }

    private static Mutation write(int id) {
        return Mutation.upsert("accounts")
                .key("id", id)
                .version(1)
                .column("owner", "owner " + id)
                .build();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writesAFullSpoolRefusesAreReportedByDrainTheCounterAndTheWriter(Engine engine) {
        runner(engine).run(context -> {
            assertThat(context).hasNotFailed();
            DualWriter writer = context.getBean(DualWriter.class);
            KafkaRetryHandOff retry = context.getBean(KafkaRetryHandOff.class);
            for (int id = 1; id <= WRITES; id++) {
                writer.write(write(id));
            }

            DrainResult drained = writer.drain(Duration.ofSeconds(30));

            long spooled = retry.spooledRecords();
            assertThat(spooled).isPositive().isLessThan(WRITES);
            assertThat(drained.status()).isEqualTo(DrainResult.Status.WRITES_LOST);
            assertThat(drained.drained()).isFalse();
            assertThat(drained.lost().count()).isEqualTo(WRITES - spooled);
            assertThat(drained.lost().firstAt())
                    .isBeforeOrEqualTo(drained.lost().lastAt());
            assertThat(drained.describe()).startsWith((WRITES - spooled) + " writes lost (first at ");
            assertThat(writer.lostWrites()).isEqualTo(drained.lost());
            assertThat(context.getBean(MeterRegistry.class)
                            .get(DualWriteMetricNames.LOST)
                            .functionCounter()
                            .count())
                    .isEqualTo(WRITES - spooled);
            // The spool-filling alert's figure: the refused writes did not fit, so it is nearly full.
            double fill = context.getBean(MeterRegistry.class)
                    .get(DualWriteMetricNames.SPOOL_FILL_RATIO)
                    .gauge()
                    .value();
            assertThat(fill).isEqualTo(retry.spooledBytes() / 2048.0).isBetween(0.5, 1.0);
        });
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void writesTheirCallerKeepsAreNotLostWhenTheSpoolIsFull(Engine engine) {
        runner(engine).run(context -> {
            DualWriter writer = context.getBean(DualWriter.class);
            KafkaRetryHandOff retry = context.getBean(KafkaRetryHandOff.class);
            AtomicInteger durable = new AtomicInteger();
            for (int id = 1; id <= WRITES; id++) {
                writer.write(write(id), durable::incrementAndGet);
            }

            DrainResult drained = writer.drain(Duration.ofSeconds(30));

            assertThat(retry.spooledRecords()).isPositive().isLessThan(WRITES);
            assertThat(drained.status()).isEqualTo(DrainResult.Status.DRAINED);
            assertThat(writer.lostWrites().any()).isFalse();
            assertThat(durable).hasValue(0);
            assertThat(context.getBean(MeterRegistry.class)
                            .get(DualWriteMetricNames.LOST)
                            .functionCounter()
                            .count())
                    .isZero();
        });
    }
}
