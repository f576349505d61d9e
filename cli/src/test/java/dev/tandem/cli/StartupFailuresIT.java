package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testkit.StorePair;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A configuration or start-up failure, run as the operator runs it: exit 2, nothing on standard
 * output, and one line on standard error naming the file or key and what is wrong (no stack trace).
 */
class StartupFailuresIT {

    private final StorePair stores = StorePair.fresh("clistart");

    @Test
    void malformedYamlNamesTheFileAndTheLine() throws Exception {
        Path yaml = Files.createTempFile("reconciler", ".yml");
        Files.writeString(yaml, "tandem:\n  reconciler:\n    primary: { url: jdbc:mysql://x\n  tables: [\n");

        TandemProcess.Result result =
                TandemProcess.run(120, "runs", "--spring.config.additional-location=" + yaml.toAbsolutePath());

        assertOneLine(result, yaml.toAbsolutePath() + ": not valid YAML: ", "(line 4, column ");
    }

    @Test
    void aWrongSecondaryPasswordNamesTheSecondary() throws Exception {
        PasswordLogin login = new PasswordLogin(stores.postgres, stores.database);
        login.assertPasswordChecked();
        Map<String, String> properties = stores.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.secondary.url", login.url());
        properties.put("tandem.reconciler.secondary.username", login.user);
        properties.put("tandem.reconciler.secondary.password", "not-the-password");
        properties.put("tandem.reconciler.tables[0].name", "accounts");

        TandemProcess.Result result = TandemProcess.run(120, StorePair.arguments(properties, "run"));

        assertOneLine(result, "tandem.reconciler.secondary: could not connect to", "password authentication failed");
        assertThat(result.err()).doesNotContain("not-the-password");
    }

    /** The primary on PostgreSQL too: the embedded MariaDB checks no password. */
    @Test
    void aWrongPrimaryPasswordNamesThePrimary() throws Exception {
        PasswordLogin login = new PasswordLogin(stores.postgres, stores.database);
        login.assertPasswordChecked();
        Map<String, String> properties = stores.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.primary.url", login.url());
        properties.put("tandem.reconciler.primary.username", login.user);
        properties.put("tandem.reconciler.primary.password", "not-the-password");
        properties.put("tandem.reconciler.tables[0].name", "accounts");

        TandemProcess.Result result = TandemProcess.run(120, StorePair.arguments(properties, "run"));

        assertOneLine(result, "tandem.reconciler.primary: could not connect to", "password authentication failed");
        assertThat(result.err()).doesNotContain("not-the-password");
    }

    @Test
    void anUnreachableRunStoreNamesItsKeyAndAddress() throws Exception {
        int closed = closedPort();
        Map<String, String> properties = stores.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.store.url", "jdbc:postgresql://127.0.0.1:" + closed + "/runs");
        properties.put("tandem.reconciler.store.username", "tandem");

        TandemProcess.Result result = TandemProcess.run(120, StorePair.arguments(properties, "runs"));

        assertOneLine(result, "tandem.reconciler.store: could not connect to jdbc:postgresql://127.0.0.1:" + closed);
    }

    @Test
    void aPropertyTheReconcilerRefusesNamesTheKey() {
        Map<String, String> properties = stores.storeProperties("tandem.reconciler");
        properties.put("tandem.reconciler.primary.url", "jdbc:oracle:thin:@x:1521/y");

        TandemProcess.Result result = TandemProcess.run(120, StorePair.arguments(properties, "run"));

        assertOneLine(result, "tandem.reconciler.primary.url", "Tandem reads MySQL/MariaDB");
    }

    private static void assertOneLine(TandemProcess.Result result, String... named) {
        assertThat(result.status()).as(result.err()).isEqualTo(2);
        assertThat(result.out()).as("standard output").isEmpty();
        assertThat(result.errLines()).as(result.err()).hasSize(1);
        assertThat(result.errLines().get(0)).startsWith("Error: ").contains(named);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
