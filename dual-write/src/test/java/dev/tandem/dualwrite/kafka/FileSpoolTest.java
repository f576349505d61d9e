package dev.tandem.dualwrite.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSpoolTest {

    @TempDir
    Path dir;

    private static SpooledRecord record(int n) {
        return new SpooledRecord(
                ("key-" + n).getBytes(StandardCharsets.UTF_8),
                ("value-" + n).getBytes(StandardCharsets.UTF_8),
                Map.of("tandem-attempt", "1".getBytes(StandardCharsets.UTF_8)));
    }

    private static String valueOf(SpooledRecord record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    @Test
    void recordsAreReplayedOldestFirstWithTheirHeadersAndThenRemoved() {
        try (FileSpool spool = new FileSpool(dir, 1_000_000)) {
            for (int i = 1; i <= 3; i++) {
                assertThat(spool.append(record(i))).isTrue();
            }
            List<String> replayed = new ArrayList<>();

            long count = spool.drain(r -> {
                assertThat(r.headers()).containsKey("tandem-attempt");
                return replayed.add(valueOf(r));
            });

            assertThat(count).isEqualTo(3);
            assertThat(replayed).containsExactly("value-1", "value-2", "value-3");
            assertThat(spool.isEmpty()).isTrue();
            assertThat(spool.bytes()).isZero();
        }
    }

    @Test
    void replayStopsAtTheFirstRefusalAndResumesThereLater() {
        try (FileSpool spool = new FileSpool(dir, 1_000_000)) {
            for (int i = 1; i <= 4; i++) {
                spool.append(record(i));
            }
            List<String> first = new ArrayList<>();
            spool.drain(r -> first.size() < 2 && first.add(valueOf(r)));
            List<String> second = new ArrayList<>();
            spool.drain(r -> second.add(valueOf(r)));

            assertThat(first).containsExactly("value-1", "value-2");
            assertThat(second).containsExactly("value-3", "value-4");
        }
    }

    @Test
    void fullSpoolRefusesFurtherRecords() {
        try (FileSpool spool = new FileSpool(dir, 100)) {
            assertThat(spool.append(record(1))).isTrue();
            assertThat(spool.append(record(2))).isFalse();
            assertThat(spool.records()).isEqualTo(1);
        }
    }

    @Test
    void recordsSurviveARestartAndATornTailIsNotReplayed() throws Exception {
        try (FileSpool spool = new FileSpool(dir, 1_000_000)) {
            spool.append(record(1));
            spool.append(record(2));
        }
        Path segment;
        try (Stream<Path> files = Files.list(dir)) {
            segment =
                    files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
        }
        // A crash in the middle of an append leaves a frame that claims more bytes than were written.
        Files.write(segment, new byte[] {0, 0, 0, 50, 1, 2, 3, 4, 'x'}, StandardOpenOption.APPEND);

        try (FileSpool reopened = new FileSpool(dir, 1_000_000)) {
            assertThat(reopened.records()).isEqualTo(2);
            List<String> replayed = new ArrayList<>();
            reopened.drain(r -> replayed.add(valueOf(r)));

            assertThat(replayed).containsExactly("value-1", "value-2");
            assertThat(reopened.isEmpty()).isTrue();
            assertThat(reopened.bytes()).isZero();
        }
    }
}
