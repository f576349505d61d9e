package dev.tandem.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.core.Mutation;
import dev.tandem.core.codec.MutationCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Reconciler repairs travel through the retry topic like any write: drained by the consumer, a
 * repair upsert read from the primary just before the row was deleted (at the same version) must
 * not bring the row back, and a repair delete must still remove a row the secondary has extra.
 */
class RepairDrainIT {

    private final ConsumerFixture fixture = new ConsumerFixture();

    private static Mutation upsert(long id, long version, boolean repair) {
        return Mutation.upsert("accounts")
                .key("id", id)
                .version(version)
                .column("email", "user" + id + "@example.com")
                .column("balance", version)
                .repair(repair)
                .build();
    }

    private static Mutation delete(long id, long version, boolean repair) {
        return Mutation.delete("accounts")
                .key("id", id)
                .version(version)
                .repair(repair)
                .build();
    }

    private long nextMarker = 1000;

    /**
     * A new row id (from 1000 up) whose records land on the same partition as row {@code id}'s:
     * applied after them, it shows that they were drained.
     */
    private long markerFor(long id) {
        int partition = partitionOf(id);
        while (partitionOf(nextMarker) != partition) {
            nextMarker++;
        }
        return nextMarker++;
    }

    private static int partitionOf(long id) {
        // The producer's default partitioner for keyed records.
        return Utils.toPositive(Utils.murmur2(MutationCodec.recordKey(upsert(id, 1, false))))
                % ConsumerFixture.PARTITIONS;
    }

    private void produceAndDrain(long id, Mutation... mutations) throws Exception {
        long marker = markerFor(id);
        List<Mutation> records = new ArrayList<>(List.of(mutations));
        records.add(upsert(marker, 1, false));
        fixture.produce(records);
        fixture.awaitCount("SELECT COUNT(*) FROM accounts WHERE id = " + marker, 1, Duration.ofSeconds(60));
        fixture.execute("DELETE FROM accounts WHERE id = " + marker);
    }

    @Test
    void drainedRepairNeverBeatsATombstoneOfItsVersionButRemovesAnExtraRow() throws Exception {
        fixture.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL,"
                + " balance BIGINT NOT NULL)");
        try (ConfigurableApplicationContext consumer = fixture.start()) {
            // Row 1: the repair arrives right behind the delete it raced with (often in one batch).
            produceAndDrain(1, upsert(1, 4, false), delete(1, 4, false), upsert(1, 4, true));
            // Row 2: the same race, with the repair drained in a later batch than the delete.
            produceAndDrain(2, upsert(2, 4, false), delete(2, 4, false));
            produceAndDrain(2, upsert(2, 4, true));

            assertThat(fixture.accounts()).isEmpty();

            // Row 3 was deleted on both sides, then reappeared in the secondary alone: an extra row.
            produceAndDrain(3, upsert(3, 2, false), delete(3, 2, false));
            fixture.execute("INSERT INTO accounts (id, email, balance) VALUES (3, 'stray@example.com', 0)");
            produceAndDrain(3, delete(3, 2, true));

            assertThat(fixture.accounts()).isEmpty();
        }
    }
}
