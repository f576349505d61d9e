package dev.tandem.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.kafka.KafkaClients;
import dev.tandem.core.work.WorkerId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackfillGroupTest {

    private static final KafkaClients CLIENTS = KafkaClients.of(Map.of("bootstrap.servers", "127.0.0.1:9092"));

    private static BackfillGroup group(String workerId, int partitions) {
        return new BackfillGroup(
                CLIENTS,
                "tandem.backfill.tasks",
                "tandem-backfill-workers",
                partitions,
                (short) -1,
                Duration.ofSeconds(15),
                Duration.ofMinutes(10),
                Duration.ofSeconds(30),
                workerId);
    }

    @Test
    void aWorkerWithoutAnIdIsNamedByItsHostAndProcess() {
        assertThat(group(null, 24).workerId())
                .isEqualTo(WorkerId.local())
                .endsWith("/" + ProcessHandle.current().pid());
    }

    @Test
    void aWorkerIdWithSpacesIsRefusedQuotingIt() {
        assertThatThrownBy(() -> group("host a", 24))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'host a'");
    }

    @Test
    void aTopicWithoutPartitionsIsRefused() {
        assertThatThrownBy(() -> group("w1", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one partition");
    }
}
