package dev.tandem.reconcile.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.core.SecondaryStore;
import dev.tandem.core.mapping.SchemaMapping;
import dev.tandem.core.source.TableSpec;
import dev.tandem.reconcile.repair.RepairPlanner;
import dev.tandem.reconcile.store.RunStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class ReconcilerConfigTest {

    /** Nothing here connects: building a configuration only checks it. */
    private final DataSource nowhere = new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none");

    private final RunSides sides = new RunSides(
            null,
            new TableReconciliation(nowhere, nowhere, Duration.ofSeconds(5), 1000),
            Optional.empty(),
            new RepairPlanner(nowhere, nowhere, SecondaryStore.of(nowhere), SchemaMapping.NONE),
            Optional.empty());

    private ReconcilerConfig.Builder valid() {
        return ReconcilerConfig.custom()
                .tables(List.of(TableSpec.of("orders")))
                .sides(sides)
                .store(new RunStore(nowhere));
    }

    @Test
    void defaultsAreThoseOfTheReconcilersProperties() {
        ReconcilerConfig config = valid().build();

        assertThat(config.repairVerifyTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.incremental())
                .isEqualTo(new Reconciler.Incremental(Duration.ofMinutes(10), Duration.ofDays(7)));
        assertThat(config.samplesPerTable()).isEqualTo(20);
    }

    @Test
    void withoutAChooserEveryRunTakesTheConfiguredSides() throws Exception {
        assertThat(valid().build().chooser().choose()).isSameAs(sides);
    }

    @Test
    void aTableConfiguredTwiceIsRefusedByName() {
        assertThatThrownBy(() -> valid().tables(List.of(TableSpec.of("orders"), TableSpec.of("ORDERS")))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ORDERS' is configured twice");
    }

    @Test
    void negativeSettingsAreRefusedByName() {
        assertThatThrownBy(() -> valid().samplesPerTable(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("samplesPerTable");
        assertThatThrownBy(() ->
                        valid().repairVerifyTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repairVerifyTimeout");
        assertThatThrownBy(() -> valid().incremental(
                                new Reconciler.Incremental(Duration.ofMinutes(-1), Duration.ofDays(1)))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlap");
    }

    @Test
    void aMissingStoreIsNamed() {
        assertThatThrownBy(() -> ReconcilerConfig.custom().sides(sides).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("store");
    }
}
