package dev.tandem.testkit;

import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka broker in KRaft mode (no ZooKeeper), in this JVM, listening on 127.0.0.1.
 * It can be stopped and started again on the same port, which is how tests make Kafka unavailable;
 * a restarted broker starts empty.
 */
public final class EmbeddedKafka {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    /** Partitions of topics created without a count. */
    public static final int DEFAULT_PARTITIONS = 3;

    private final int port;
    private volatile EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafka(int port) {
        this.port = port;
    }

    /** Starts a new broker; prefer {@link EmbeddedServices#kafka()}. */
    static EmbeddedKafka launch() {
        EmbeddedKafka kafka = new EmbeddedKafka(FreePort.find());
        kafka.startBroker();
        return kafka;
    }

    /** The bootstrap servers, {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Creates {@code topic} with {@code partitions} partitions if it does not exist yet. */
    public void createTopic(String topic, int partitions) {
        if (!running().getTopics().contains(topic)) {
            running().addTopicsWithResults(new NewTopic(topic, partitions, (short) 1));
        }
    }

    /** Stops the broker; producers and consumers fail to reach it until {@link #start()}. */
    public synchronized void stop() {
        if (broker != null) {
            broker.destroy();
            broker = null;
        }
    }

    /** Starts an empty broker on the same port after {@link #stop()}; does nothing while it runs. */
    public synchronized void start() {
        if (broker == null) {
            startBroker();
        }
    }

    public boolean isRunning() {
        return broker != null;
    }

    private void startBroker() {
        long started = System.nanoTime();
        EmbeddedKafkaKraftBroker created = new EmbeddedKafkaKraftBroker(1, DEFAULT_PARTITIONS);
        // The KRaft test kit names its listeners EXTERNAL and CONTROLLER and binds "localhost" on
        // random ports; pin the client listener to 127.0.0.1 and a known port so restarts keep it.
        created.brokerProperties(Map.of(
                "listeners", "EXTERNAL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:0",
                "auto.create.topics.enable", "false",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        created.afterPropertiesSet();
        broker = created;
        log.info("Kafka (KRaft) started on {} in {} ms", bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
    }

    private EmbeddedKafkaKraftBroker running() {
        EmbeddedKafkaKraftBroker current = broker;
        if (current == null) {
            throw new EmbeddedServiceException("The Kafka broker on " + bootstrapServers() + " is stopped");
        }
        return current;
    }
}
