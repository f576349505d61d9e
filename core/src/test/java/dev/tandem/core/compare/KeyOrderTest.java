package dev.tandem.core.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    /** ASCII, two- and three-byte chars, the private use area above the surrogates, pairs, lone surrogates. */
    private static final String[] PIECES = {
        "a", "b", "B", "-", "é", "ÿ", "中", "\uE000", "\uFFFD", "\uFFFF", "😀", "😁", "\uD83D", "\uDE00", ""
    };

    @Test
    void textKeysCompareAsTheirUtf8Bytes() {
        Random random = new Random(42);
        for (int n = 0; n < 50_000; n++) {
            String a = text(random);
            String b = random.nextInt(4) == 0 ? a + text(random) : text(random);

            int order = Integer.signum(KeyOrder.INSTANCE.compare(List.of(a), List.of(b)));
            int byBytes = Integer.signum(Arrays.compareUnsigned(utf8(a), utf8(b)));

            if (order != byBytes) {
                assertThat(order).as("%s vs %s", escaped(a), escaped(b)).isEqualTo(byBytes);
            }
        }
    }

    @Test
    void supplementaryCharsSortAfterTheHighestCharsBelowThem() {
        assertThat(KeyOrder.INSTANCE.compare(List.of("😀"), List.of("\uFFFF"))).isPositive();
        assertThat(KeyOrder.INSTANCE.compare(List.of("\uE000"), List.of("😀"))).isNegative();
        assertThat(KeyOrder.INSTANCE.compare(List.of("ab"), List.of("a"))).isPositive();
        assertThat(KeyOrder.INSTANCE.compare(List.of("B"), List.of("a"))).isNegative();
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(5); i > 0; i--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String escaped(String text) {
        StringBuilder escaped = new StringBuilder();
        text.chars().forEach(c -> escaped.append(String.format("\\u%04X", c)));
        return escaped.toString();
    }
}
