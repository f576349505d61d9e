package dev.tandem.core.control;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one library instance tells the control topic, every heartbeat and at once when it holds
 * writes for a cutover.
 *
 * @param migration the migration it follows
 * @param instance its id (host and process unless configured)
 * @param at when it reported
 * @param epoch the phase epoch it follows
 * @param shadowCompared shadow reads compared since it started
 * @param shadowMismatched of those, how many differed (after a re-check)
 * @param shadowDropped shadow reads not compared because the comparison queue was full
 * @param trackingSince since when it tracks the keys it writes
 * @param trackedKeys keys written since the last reconcile verdict, as tracked
 * @param trackingOverflow whether more keys were written than it can track (a cutover then needs a
 *     fresh reconcile)
 * @param hold its answer to the cutover in progress, or null
 * @param writesOnly the one store it can write (a JPA application bound to one database), or null if
 *     it follows the roles
 */
public record InstanceReport(
        String migration,
        String instance,
        Instant at,
        long epoch,
        long shadowCompared,
        long shadowMismatched,
        long shadowDropped,
        Instant trackingSince,
        int trackedKeys,
        boolean trackingOverflow,
        HoldAck hold,
        Store writesOnly) {

    public InstanceReport {
        Objects.requireNonNull(migration, "migration");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(at, "at");
    }

    /**
     * An instance's answer to a cutover's hold.
     *
     * @param epoch the CUTOVER state's epoch
     * @param ready true once writes are held, in-flight writes finished, queues drained and the keys
     *     written since the last reconcile verified equal in both stores
     * @param verifiedKeys keys verified
     * @param differingKeys keys that still differ (table and key only, at most a few)
     * @param problem why it is not ready (null when ready)
     */
    public record HoldAck(long epoch, boolean ready, int verifiedKeys, List<String> differingKeys, String problem) {

        public HoldAck {
            differingKeys = differingKeys == null ? List.of() : List.copyOf(differingKeys);
        }
    }
}
