package dev.tandem.cli.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.Console;
import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** {@code tandem migration …} against a real broker: reads create nothing, failures name their cause. */
class MigrationCommandIT {

    private final EmbeddedKafka kafka = EmbeddedServices.kafka();
    private final String controlTopic =
            "tandem.control." + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void statusAndAuditOfAControlTopicThatDoesNotExistSaySoAndCreateNoTopic() throws Exception {
        for (String command : new String[] {"status", "audit"}) {
            Console console = new Console();

            int status = console.run(
                    "migration",
                    command,
                    "--bootstrap-servers=" + kafka.bootstrapServers(),
                    "--migration=orders",
                    "--control-topic=" + controlTopic);

            assertThat(status).as(console.err()).isEqualTo(3);
            assertThat(console.err())
                    .contains("The control topic " + controlTopic + " does not exist")
                    .contains("it was not created");
        }
        assertThat(topics()).doesNotContain(controlTopic, controlTopic + ".audit");
    }

    @Test
    void setCreatesTheTopicsAndStatusThenReadsThePhase() throws Exception {
        Console set = new Console();
        assertThat(set.run(
                        "migration",
                        "set",
                        "SHADOW_READ",
                        "10",
                        "--bootstrap-servers=" + kafka.bootstrapServers(),
                        "--migration=orders",
                        "--control-topic=" + controlTopic,
                        "--by=it"))
                .as(set.err())
                .isZero();
        assertThat(topics()).contains(controlTopic, controlTopic + ".audit");

        Console status = new Console();
        assertThat(status.run(
                        "migration",
                        "status",
                        "--bootstrap-servers=" + kafka.bootstrapServers(),
                        "--migration=orders",
                        "--control-topic=" + controlTopic))
                .as(status.err())
                .isZero();
        assertThat(status.out()).contains("Phase: ").contains("SHADOW_READ").contains("by it");
    }

    @Test
    void anUnreachableClusterFailsAfterTheKafkaTimeoutNamingTheRootCause() throws Exception {
        Console console = new Console();

        int status = console.run(
                "migration",
                "status",
                "--bootstrap-servers=127.0.0.1:" + closedPort(),
                "--migration=orders",
                "--kafka-timeout=1s");

        assertThat(status).isEqualTo(3);
        assertThat(console.err())
                .contains("within 1000 ms")
                .contains("; cause: ")
                .contains("Timeout");
    }

    @Test
    void aKafkaTimeoutOutOfRangeIsAUsageError() {
        Console console = new Console();

        int status = console.run(
                "migration",
                "status",
                "--bootstrap-servers=" + kafka.bootstrapServers(),
                "--migration=orders",
                "--control-topic=" + controlTopic,
                "--kafka-timeout=10ms");

        assertThat(status).isEqualTo(2);
        assertThat(console.err()).contains("--kafka-timeout").contains("between 100 ms and 1 h");
    }

    private Set<String> topics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            return admin.listTopics().names().get(10, TimeUnit.SECONDS);
        }
    }

    /** A port on 127.0.0.1 that nothing listens on: taken, then released. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
