package dev.tandem.reconcile.run;

import static dev.tandem.testkit.Jdbc.execute;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.pace.Throttle;
import dev.tandem.core.source.TableSpec;
import dev.tandem.testkit.StorePair;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A comparison paced by a {@link Throttle} waits while the primary is busy and then finds exactly
 * what an unpaced one finds.
 */
class PacedComparisonIT {

    private final StorePair pair = StorePair.fresh("paced");

    @Test
    void aComparisonWaitsWhileThePrimaryIsBusyAndFindsTheSame() throws Exception {
        execute(pair.primary, "CREATE TABLE ledger (id BIGINT PRIMARY KEY, amount BIGINT)");
        execute(pair.secondary, "CREATE TABLE ledger (id BIGINT PRIMARY KEY, amount BIGINT)");
        execute(pair.primary, "INSERT INTO ledger SELECT seq, seq FROM seq_1_to_3500");
        execute(pair.secondary, "INSERT INTO ledger SELECT s, s FROM generate_series(1, 3500) s");
        execute(pair.secondary, "UPDATE ledger SET amount = -1 WHERE id = 2500");
        AtomicInteger looks = new AtomicInteger();
        // Busy (100 running queries, more than 10) for the first three looks, then calm.
        Throttle throttle =
                new Throttle("reconcile", () -> looks.incrementAndGet() <= 3 ? 100 : 1, 10, Duration.ofMillis(300), 0);
        TableReconciliation unpaced = new TableReconciliation(pair.primary, pair.secondary, Duration.ofMillis(100), 10);

        TableResult paced = unpaced.paced(throttle).run(TableSpec.of("ledger"));

        assertThat(throttle.pauses()).as("pauses while the primary was busy").isEqualTo(3);
        assertThat(looks.get()).isGreaterThanOrEqualTo(4);
        TableResult plain = unpaced.run(TableSpec.of("ledger"));
        assertThat(paced.rowsCompared()).isEqualTo(plain.rowsCompared()).isEqualTo(3500);
        assertThat(paced.foundCounts()).isEqualTo(plain.foundCounts());
        assertThat(paced.confirmedTotal()).isEqualTo(1);
    }
}
