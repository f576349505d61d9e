package dev.tandem.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.reconcile.run.RepairMode;
import dev.tandem.reconcile.run.RunRecord;
import dev.tandem.reconcile.run.RunVerdict;
import dev.tandem.reconcile.store.RunStore;
import dev.tandem.retry.RetryConsumerApplication;
import dev.tandem.testkit.EmbeddedServices;
import dev.tandem.testkit.EmbeddedSmtp;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The reconciler as a service and a command line, against a MariaDB primary, a PostgreSQL secondary,
 * the Kafka broker, GreenMail and the real retry consumer.
 */
class ReconcilerServiceIT {

    private final StoresFixture stores = new StoresFixture();
    private final EmbeddedSmtp smtp = EmbeddedServices.smtp();
    private final HttpClient http = HttpClient.newHttpClient();
    private static final Optional<String> OPERATOR = Optional.of(StoresFixture.OPERATOR_PASSWORD);
    private static final Optional<String> ANONYMOUS = Optional.empty();

    @Test
    void scheduledRunMailsTheReportWithVerdictAndCountsAndNoMaskedValue() throws Exception {
        stores.seed();
        stores.drift();
        String recipient = "owners-" + stores.id + "@example.com";
        Map<String, String> properties = stores.reconcilerProperties();
        properties.put("tandem.reconciler.schedule.cron", "*/2 * * * * *");
        properties.put("tandem.reconciler.report.to", recipient);
        properties.put("spring.mail.host", smtp.host());
        properties.put("spring.mail.port", String.valueOf(smtp.port()));
        properties.put("server.port", "0");

        try (ConfigurableApplicationContext service =
                new SpringApplicationBuilder(ReconcilerApplication.class).run(StoresFixture.arguments(properties))) {
            MimeMessage report = awaitMessageTo(recipient, Duration.ofSeconds(90));

            assertThat(report.getSubject())
                    .isEqualTo("[tandem] Reconciliation DIFFERENCES: 6 confirmed in 2 of 2 tables");
            String text = part(report, "text/plain");
            String html = part(report, "text/html");
            assertThat(text)
                    .contains("Reconciliation DIFFERENCES")
                    .contains("61 rows compared") // keys on either side: 51 payments, 10 notes
                    .contains("amount: primary \"70.00\", secondary \"7.25\"") // as stored: DECIMAL(12,2)
                    .contains("missing 1  extra 1  mismatched 2")
                    .contains("column card_number");
            assertThat(html)
                    .contains("DIFFERENCES")
                    .contains("payments")
                    .contains("notes")
                    .contains("***");
            assertThat(text + html).doesNotContain(StoresFixture.SECRET_CARD).doesNotContain("0000000000000000");

            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            String runs = get(port, "/api/runs?limit=5");
            assertThat(runs).contains("\"verdict\":\"DIFFERENCES\"").contains("\"confirmed\":6");
            assertThat(runs).doesNotContain(StoresFixture.SECRET_CARD);
            assertThat(get(port, "/actuator/prometheus"))
                    .contains("tandem_reconcile_confirmed_differences{kind=\"VALUE_MISMATCH\",table=\"payments\"} 2.0")
                    .contains("tandem_reconcile_last_run_confirmed 6.0");
            HttpResponse<String> badRepair = post(port, "/api/runs?repair=maybe");
            assertThat(badRepair.statusCode()).isEqualTo(400);
            assertThat(badRepair.body()).contains("repair must be one of");
            HttpResponse<String> unknownTable = post(port, "/api/runs?tables=payments,orders");
            assertThat(unknownTable.statusCode()).isEqualTo(400);
            assertThat(unknownTable.body()).contains("[orders]");
        }
    }

    @Test
    void startingARunOverHttpNeedsTheCredentialsAndAnswers202WithItsIdAndLocation() throws Exception {
        stores.seed();
        Map<String, String> properties = stores.reconcilerProperties();
        properties.put("tandem.reconciler.schedule.enabled", "false");
        properties.put("server.port", "0");
        RunStore runs = new RunStore(stores.secondary);

        try (ConfigurableApplicationContext service =
                new SpringApplicationBuilder(ReconcilerApplication.class).run(StoresFixture.arguments(properties))) {
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();

            HttpResponse<String> anonymous = send("POST", port, "/api/runs?repair=EXECUTE", ANONYMOUS);
            HttpResponse<String> wrong =
                    send("POST", port, "/api/runs?repair=EXECUTE", Optional.of("not-the-operator-password"));
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"tandem\"");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(runs.latest(5)).as("a refused request starts no run").isEmpty();
            assertThat(send("GET", port, "/api/runs", ANONYMOUS).statusCode()).isEqualTo(401);
            assertThat(send("GET", port, "/api/runs/1", ANONYMOUS).statusCode()).isEqualTo(401);

            HttpResponse<String> health = send("GET", port, "/actuator/health", ANONYMOUS);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components");
            assertThat(get(port, "/actuator/health")).contains("\"components\"");
            assertThat(send("GET", port, "/actuator/prometheus", ANONYMOUS).statusCode())
                    .as("Prometheus scrapes without credentials")
                    .isEqualTo(200);

            HttpResponse<String> started = post(port, "/api/runs?tables=payments");

            assertThat(started.statusCode()).isEqualTo(202);
            long id = runs.latest(1).get(0).id();
            assertThat(started.body()).contains("\"id\":" + id).contains("\"run\":\"/api/runs/" + id + "\"");
            assertThat(started.headers().firstValue("Location"))
                    .hasValue("http://127.0.0.1:" + port + "/api/runs/" + id);
            String location = URI.create(
                            started.headers().firstValue("Location").orElseThrow())
                    .getPath();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String run = get(port, location);
            while (run.contains("\"verdict\":\"RUNNING\"") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                run = get(port, location);
            }
            assertThat(run)
                    .contains("\"id\":" + id)
                    .contains("\"trigger\":\"api\"")
                    .contains("\"verdict\":\"CLEAN\"");
        }
    }

    @Test
    void repairThroughTheRetryConsumerThenASecondRunFindsNothing() throws Exception {
        stores.seed();
        stores.drift();
        Map<String, String> properties = stores.reconcilerProperties();
        RunStore runs = new RunStore(stores.secondary);

        RunVerdict dryRun = ReconcileOnce.run(StoresFixture.arguments(properties), RepairMode.DRY_RUN, false);

        assertThat(dryRun).isEqualTo(RunVerdict.DIFFERENCES);
        RunRecord planned = runs.latest(1).get(0);
        assertThat(planned.repair().mode()).isEqualTo(RepairMode.DRY_RUN);
        assertThat(planned.repair().planned()).isEqualTo(6);
        assertThat(StoresFixture.rows(stores.secondary, "notes", "code")).containsEntry("n-3", "edited by hand|");

        try (ConfigurableApplicationContext consumer = new SpringApplicationBuilder(RetryConsumerApplication.class)
                .run(StoresFixture.arguments(stores.retryConsumerProperties()))) {
            RunVerdict repaired = ReconcileOnce.run(StoresFixture.arguments(properties), RepairMode.EXECUTE, false);

            assertThat(repaired).isEqualTo(RunVerdict.DIFFERENCES);
            RunRecord repair = runs.latest(1).get(0);
            assertThat(repair.confirmed()).isEqualTo(6);
            assertThat(repair.repair().published()).isEqualTo(6);
            assertThat(repair.repair().fixed()).isEqualTo(6);
            assertThat(repair.repair().remaining()).isZero();

            RunVerdict again = ReconcileOnce.run(StoresFixture.arguments(properties), RepairMode.NONE, false);

            assertThat(again).isEqualTo(RunVerdict.CLEAN);
            RunRecord clean = runs.latest(1).get(0);
            assertThat(clean.verdict()).isEqualTo(RunVerdict.CLEAN);
            assertThat(clean.confirmed()).isZero();
            assertThat(clean.rowsCompared()).isEqualTo(59); // 50 payments, 9 notes
        }
    }

    private MimeMessage awaitMessageTo(String recipient, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage message : smtp.receivedMessages()) {
                if (Arrays.stream(message.getAllRecipients())
                        .anyMatch(a -> a.toString().equals(recipient))) {
                    return message;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No report reached " + recipient + " within " + timeout);
    }

    /** The first part of {@code type} anywhere in the message. */
    private static String part(Part part, String type) throws Exception {
        Optional<String> found = find(part, type);
        return found.orElseThrow(() -> new AssertionError("The report has no " + type + " part"));
    }

    private static Optional<String> find(Part part, String type) throws Exception {
        if (part.isMimeType(type)) {
            return Optional.of((String) part.getContent());
        }
        if (part.getContent() instanceof Multipart multipart) {
            List<BodyPart> parts = new ArrayList<>();
            for (int i = 0; i < multipart.getCount(); i++) {
                parts.add(multipart.getBodyPart(i));
            }
            for (BodyPart child : parts) {
                Optional<String> found = find(child, type);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** A GET as the operator, answered 200. */
    private String get(int port, String path) throws Exception {
        HttpResponse<String> response = send("GET", port, path, OPERATOR);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    /** A POST as the operator. */
    private HttpResponse<String> post(int port, String path) throws Exception {
        return send("POST", port, path, OPERATOR);
    }

    private HttpResponse<String> send(String method, int port, String path, Optional<String> password)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        password.ifPresent(p -> request.header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(("operator:" + p).getBytes(StandardCharsets.UTF_8))));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
