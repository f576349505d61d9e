package dev.tandem.dualwrite;

import java.time.Instant;

/**
 * Writes committed on the primary that reached neither the secondary nor the retry topic nor the
 * local spool (a full spool while Kafka is unreachable, or a hand-off that failed): the secondary
 * misses them until a reconcile repairs the rows. Counted since the writer started.
 *
 * @param count how many
 * @param firstAt when the first was lost; null when none was
 * @param lastAt when the last was lost; null when none was
 */
public record LostWrites(long count, Instant firstAt, Instant lastAt) {

    /** No write lost. */
    public static final LostWrites NONE = new LostWrites(0, null, null);

    public LostWrites {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative but was " + count);
        }
        if ((count == 0) != (firstAt == null) || (firstAt == null) != (lastAt == null)) {
            throw new IllegalArgumentException("firstAt and lastAt are set exactly when writes were lost: " + count
                    + ", " + firstAt + ", " + lastAt);
        }
        if (firstAt != null && lastAt.isBefore(firstAt)) {
            throw new IllegalArgumentException("lastAt " + lastAt + " is before firstAt " + firstAt);
        }
    }

    /** Whether any write was lost. */
    public boolean any() {
        return count > 0;
    }

    /** These and one more, lost {@code at}. */
    public LostWrites plusOne(Instant at) {
        return and(new LostWrites(1, at, at));
    }

    /** These and {@code other}. */
    public LostWrites and(LostWrites other) {
        if (!other.any()) {
            return this;
        }
        if (!any()) {
            return other;
        }
        return new LostWrites(
                count + other.count,
                firstAt.isBefore(other.firstAt) ? firstAt : other.firstAt,
                lastAt.isAfter(other.lastAt) ? lastAt : other.lastAt);
    }

    /** {@code "3 writes lost (first at …, last at …)"}, or {@code "no write lost"}. */
    public String describe() {
        if (!any()) {
            return "no write lost";
        }
        return count + (count == 1 ? " write" : " writes") + " lost (first at " + firstAt + ", last at " + lastAt + ")";
    }
}
