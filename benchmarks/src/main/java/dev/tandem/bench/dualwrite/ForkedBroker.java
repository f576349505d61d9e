package dev.tandem.bench.dualwrite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link BrokerProcess} started by the benchmark, ended with it. */
public final class ForkedBroker implements AutoCloseable {

    private final Process process;
    private final String bootstrapServers;

    private ForkedBroker(Process process, String bootstrapServers) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
    }

    /** Whether this JVM's class path can start a broker JVM (the benchmark was started with {@code java -cp}). */
    public static boolean possible() {
        return System.getProperty("java.class.path").contains("tandem-testkit")
                || System.getProperty("java.class.path").contains("testkit/target/classes");
    }

    /** Starts a broker JVM with {@code topic} and waits until it serves. */
    public static ForkedBroker start(String topic, int partitions) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx1g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BrokerProcess.class.getName(),
                        topic,
                        Integer.toString(partitions)))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(BrokerProcess.READY)) {
                return new ForkedBroker(
                        process, line.substring(BrokerProcess.READY.length()).trim());
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("The broker JVM ended before it served (exit " + process.exitValue() + ")");
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
