package dev.tandem.bench.dualwrite;

import dev.tandem.testkit.EmbeddedKafka;
import dev.tandem.testkit.EmbeddedServices;

/**
 * A Kafka broker in a JVM of its own, so that the benchmark's JVM holds only the application and
 * the library, and the broker's CPU can be read per process (and pinned to a core of its own).
 * Started by {@link ForkedBroker}: creates the topic named by its argument, prints {@code BOOTSTRAP
 * <servers>} and runs until its standard input closes.
 */
public final class BrokerProcess {

    static final String READY = "BOOTSTRAP ";

    private BrokerProcess() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BrokerProcess <topic> <partitions>");
            System.exit(2);
        }
        EmbeddedKafka kafka = EmbeddedServices.kafka();
        kafka.createTopic(args[0], Integer.parseInt(args[1]));
        System.out.println(READY + kafka.bootstrapServers());
        System.out.flush();
        while (System.in.read() >= 0) {
            // Runs until the benchmark closes the pipe (or ends).
        }
        System.exit(0);
    }
}
