package dev.tandem.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirectoryTest {

    @TempDir
    Path root;

    @Test
    void folderOfAJvmThatIsGoneIsStoppedAndRemoved() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path stale = Files.createDirectories(root.resolve("postgres-" + finished.pid() + "-1"));
        Files.writeString(stale.resolve("owner.pid"), Long.toString(finished.pid()));
        List<Path> stopped = new ArrayList<>();

        Path fresh = WorkDirectory.newInstance(root, "postgres", stopped::add);

        assertThat(stopped).containsExactly(stale);
        assertThat(stale).doesNotExist();
        assertThat(fresh).isDirectory();
        assertThat(Files.readString(fresh.resolve("owner.pid")))
                .isEqualTo(Long.toString(ProcessHandle.current().pid()));
    }

    @Test
    void folderOfALiveJvmIsLeftAlone() {
        Path first = WorkDirectory.newInstance(root, "mariadb", dir -> {});
        List<Path> stopped = new ArrayList<>();

        Path second = WorkDirectory.newInstance(root, "mariadb", stopped::add);

        assertThat(stopped).isEmpty();
        assertThat(first).isDirectory();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void folderOfAnotherServiceIsLeftAlone() throws Exception {
        Path other = Files.createDirectories(root.resolve("kafka-1-1"));

        WorkDirectory.newInstance(root, "postgres", dir -> {});

        assertThat(other).isDirectory();
    }
}
