package dev.tandem.cli.dlt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cli.TandemProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code tandem dlt list} when no broker answers: it says which address it tried and how to set it. */
class DeadLetterWithoutBrokerIT {

    @Test
    void withoutAnAddressItNamesTheDefaultItTriedAndHowToSetIt() {
        TandemProcess.Result result = TandemProcess.run(180, "dlt", "list");

        assertThat(result.status()).as(result.err()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).as(result.err()).hasSize(1);
        assertThat(result.err())
                .startsWith(
                        "Failed: Kafka at localhost:9092 (the default; set --spring.kafka.bootstrap-servers=HOST:PORT"
                                + " or SPRING_KAFKA_BOOTSTRAP_SERVERS)")
                .contains("cause: ");
    }

    @Test
    void withAnAddressNobodyListensOnItNamesThatAddress() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        // The Kafka timeout shortened as an operator can (the default case above waits its 10 s).
        TandemProcess.Result result = TandemProcess.run(
                180, "dlt", "list", "--spring.kafka.bootstrap-servers=127.0.0.1:" + closed, "--kafka-timeout=3s");

        assertThat(result.status()).as(result.err()).isEqualTo(3);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .startsWith("Failed: Kafka at 127.0.0.1:" + closed + " (spring.kafka.bootstrap-servers)");
    }
}
