package dev.tandem.core;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered write ids (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then a 12-bit
 * counter that keeps ids of one JVM strictly increasing within a millisecond, then 62 random bits.
 */
public final class WriteIds {

    private static final SecureRandom random = new SecureRandom();
    private static long lastMillis;
    private static int counter;

    private WriteIds() {}

    /** A new id, greater than every id this JVM made before. */
    public static UUID next() {
        long millis;
        int sequence;
        synchronized (WriteIds.class) {
            long now = System.currentTimeMillis();
            if (now > lastMillis) {
                lastMillis = now;
                counter = random.nextInt(1 << 11);
            } else if (++counter >= (1 << 12)) {
                // 4096 ids in one millisecond: borrow the next millisecond rather than repeat.
                lastMillis++;
                counter = 0;
            }
            millis = lastMillis;
            sequence = counter;
        }
        long high = (millis << 16) | (0x7L << 12) | sequence;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    /** The Unix time in milliseconds stored in a version 7 id. */
    public static long millisOf(UUID writeId) {
        if (writeId.version() != 7) {
            throw new IllegalArgumentException("Write id " + writeId + " is version " + writeId.version() + ", not 7");
        }
        return writeId.getMostSignificantBits() >>> 16;
    }
}
