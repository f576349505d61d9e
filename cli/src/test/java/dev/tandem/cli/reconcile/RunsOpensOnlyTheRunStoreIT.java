package dev.tandem.cli.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.cli.ContextOpener;
import dev.tandem.cli.Tandem;
import dev.tandem.cli.TandemProcess;
import dev.tandem.reconcile.ReconcilerService;
import dev.tandem.testkit.StorePair;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code tandem runs} and {@code show} open one pool, on the run store: no primary, no Kafka, no reconciler. */
class RunsOpensOnlyTheRunStoreIT {

    private final StorePair stores = StorePair.fresh("cliruns");

    @Test
    void runsAndShowStartOnlyTheRunStorePool() {
        List<String> pools = new ArrayList<>();
        List<Integer> otherBeans = new ArrayList<>();
        ContextOpener observing = (context, properties) -> {
            ConfigurableApplicationContext started = ContextOpener.springBoot().open(context, properties);
            started.getBeansOfType(HikariDataSource.class).values().forEach(pool -> pools.add(pool.getPoolName()));
            otherBeans.add(started.getBeanNamesForType(ReconcilerService.class).length
                    + started.getBeanNamesForType(KafkaProperties.class).length);
            return started;
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] runs = StorePair.arguments(stores.storeProperties("tandem.reconciler"), "runs");
        String[] show = StorePair.arguments(stores.storeProperties("tandem.reconciler"), "show", "1");

        assertThat(Tandem.execute(observing, new PrintWriter(out), new PrintWriter(err), runs))
                .as(err.toString())
                .isZero();
        assertThat(Tandem.execute(observing, new PrintWriter(out), new PrintWriter(err), show))
                .isEqualTo(2);

        assertThat(out.toString()).contains("No runs yet.");
        assertThat(err.toString()).contains("No run 1");
        assertThat(pools).containsExactly("tandem-reconciler-secondary", "tandem-reconciler-secondary");
        assertThat(otherBeans).containsExactly(0, 0);
    }

    @Test
    void runsSucceedsWhileThePrimaryAndKafkaAreUnreachable() {
        Map<String, String> properties = stores.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.primary.url", "jdbc:mysql://127.0.0.1:1/nowhere");
        properties.put("tandem.reconciler.primary.password", "wrong");
        properties.put("spring.kafka.bootstrap-servers", "127.0.0.1:1");
        properties.put("spring.mail.host", "127.0.0.1");

        TandemProcess.Result result = TandemProcess.run(120, StorePair.arguments(properties, "runs", "--limit=5"));

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("No runs yet.\n");
        assertThat(result.err()).doesNotContain("primary").doesNotContain("127.0.0.1:1");
    }
}
