package dev.tandem.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EmbeddedServicesIT {

    @ParameterizedTest
    @EnumSource(EmbeddedDatabase.Engine.class)
    void databaseServerRunsRealSqlOnLoopback(EmbeddedDatabase.Engine engine) throws SQLException {
        EmbeddedDatabase db = EmbeddedServices.database(engine);

        try (Connection c = db.dataSource("testkit").getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS greeting (id INT PRIMARY KEY, text VARCHAR(20))");
            s.execute("DELETE FROM greeting");
            s.execute("INSERT INTO greeting VALUES (1, 'مرحبا 👋')");
            try (ResultSet rs = s.executeQuery("SELECT text FROM greeting WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("مرحبا 👋");
            }
        }
        assertThat(db.jdbcUrl("testkit")).contains("127.0.0.1:" + db.port());
    }

    @ParameterizedTest
    @EnumSource(EmbeddedDatabase.Engine.class)
    void stoppedDatabaseRefusesConnectionsAndComesBackWithItsData(EmbeddedDatabase.Engine engine) throws SQLException {
        EmbeddedDatabase db = EmbeddedServices.database(engine);
        try (Connection c = db.dataSource("restart").getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS kept (id INT PRIMARY KEY)");
            s.execute("DELETE FROM kept");
            s.execute("INSERT INTO kept VALUES (42)");
        }

        db.stop();
        try {
            assertThat(db.isRunning()).isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl("restart"), db.username(), db.password())
                            .close())
                    .isInstanceOf(SQLException.class);
        } finally {
            db.start();
        }

        assertThat(db.isRunning()).isTrue();
        try (Connection c = db.dataSource("restart").getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @ParameterizedTest
    @EnumSource(EmbeddedDatabase.Engine.class)
    void poolWaitsLongerThanAFewSecondsForABusyConnection(EmbeddedDatabase.Engine engine) throws Exception {
        DataSource pool = EmbeddedServices.database(engine).dataSource("busy_pool");
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                held.add(pool.getConnection());
            }
            ExecutorService waiter = Executors.newSingleThreadExecutor();
            try {
                Future<Boolean> ninth = waiter.submit(() -> {
                    try (Connection c = pool.getConnection()) {
                        return c.isValid(5);
                    }
                });
                // Longer than the 2 s the pools used to wait: a busy machine can take that long.
                Thread.sleep(3_500);
                held.remove(0).close();

                assertThat(ninth.get(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                waiter.shutdownNow();
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EmbeddedDatabase.Engine.class)
    void outagePoolFailsFastWhileTheServerIsStopped(EmbeddedDatabase.Engine engine) throws SQLException {
        EmbeddedDatabase db = EmbeddedServices.database(engine);
        DataSource outage = db.outageDataSource("outage_pool");
        try (Connection c = outage.getConnection()) {
            assertThat(c.isValid(5)).isTrue();
        }

        db.stop();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> outage.getConnection().close()).isInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        } finally {
            db.start();
        }

        try (Connection c = outage.getConnection()) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void kafkaBrokerDeliversRecordsOnLoopback() {
        EmbeddedKafka kafka = EmbeddedServices.kafka();
        String topic = "testkit-" + UUID.randomUUID();
        kafka.createTopic(topic, 3);
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");

        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "testkit",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    assertThat(records.iterator().next().value()).isEqualTo("hello");
                    return;
                }
            }
        }
        throw new AssertionError("The record did not come back within 30 s");
    }

    @Test
    void smtpServerKeepsWhatItReceives() throws Exception {
        EmbeddedSmtp smtp = EmbeddedServices.smtp();
        smtp.clear();
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", Integer.toString(smtp.port()));
        MimeMessage message = new MimeMessage(Session.getInstance(props));
        message.setFrom(new InternetAddress("tandem@localhost"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("oncall@localhost"));
        message.setSubject("Tandem report");
        message.setText("zero differences");

        Transport.send(message);

        assertThat(smtp.awaitMessages(1, Duration.ofSeconds(10))).isTrue();
        assertThat(smtp.receivedMessages()).extracting(MimeMessage::getSubject).containsExactly("Tandem report");
    }
}
