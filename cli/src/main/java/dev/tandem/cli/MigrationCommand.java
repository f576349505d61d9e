package dev.tandem.cli;

import dev.tandem.core.control.ControlTopic;
import dev.tandem.core.control.GateValues;
import dev.tandem.core.control.InstanceReport;
import dev.tandem.core.control.Phase;
import dev.tandem.dualwrite.migration.CutoverResult;
import dev.tandem.dualwrite.migration.GateSettings;
import dev.tandem.dualwrite.migration.MigrationControl;
import dev.tandem.dualwrite.migration.PhaseChangeRefusedException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's command line for migration phases, needing only Kafka. Exit status: 0 done, 1
 * refused (a gate failed or the move is not safe; nothing changed), 2 bad usage, 3 failure.
 */
public final class MigrationCommand {

    public static final int DONE = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int FAILED = 3;

    static final String USAGE_TEXT =
            """
            Usage: migration <command> --bootstrap-servers=host:9092 --migration=name [options]

              status                         phase, live instances, last reconcile verdict, gates
              set <PHASE> [percent]          DUAL_WRITE, SHADOW_READ 10, READ_SECONDARY 100, DONE …
              cutover                        gated swap: the target becomes the primary (REVERSED)
              rollback                       gated swap back: the origin is the primary again
              abort                          end a cutover whose coordinator died
              audit [--limit=20]             the latest phase changes and refusals

            Options: --control-topic=tandem.control  --retry-topics=tandem.retry:tandem-retry-consumer,…
                     --dead-letter-topics=tandem.retry.dlt,…  --max-mismatch-rate=0.001
                     --max-write-hold=10s  --instance-timeout=10s  --by=<who>  --reason=<why>
                     --no-reconcile-gate

            Exit status: 0 done, 1 refused (nothing changed), 2 bad usage, 3 failure.
            """;

    private final PrintStream out;
    private final PrintStream err;

    public MigrationCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(List<String> args) {
        Map<String, String> options = new HashMap<>();
        List<String> words = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                int equals = arg.indexOf('=');
                options.put(
                        equals < 0 ? arg.substring(2) : arg.substring(2, equals),
                        equals < 0 ? "" : arg.substring(equals + 1));
            } else {
                words.add(arg);
            }
        }
        if (words.isEmpty() || words.get(0).equals("help")) {
            out.print(USAGE_TEXT);
            return words.isEmpty() ? USAGE : DONE;
        }
        if (!options.containsKey("bootstrap-servers") || !options.containsKey("migration")) {
            err.println("--bootstrap-servers and --migration are required");
            err.print(USAGE_TEXT);
            return USAGE;
        }
        String by = options.getOrDefault("by", System.getProperty("user.name", "cli"));
        String reason = options.getOrDefault("reason", "");
        ControlTopic control = new ControlTopic(
                options.get("bootstrap-servers"),
                options.getOrDefault("control-topic", ControlTopic.DEFAULT_TOPIC),
                null,
                Map.of());
        try (control;
                MigrationControl migration =
                        MigrationControl.connect(control, options.get("migration"), gates(options))) {
            switch (words.get(0)) {
                case "status" -> status(migration);
                case "set" -> {
                    if (words.size() < 2) {
                        throw new IllegalArgumentException("set needs a phase, e.g. set SHADOW_READ 10");
                    }
                    Phase phase = Phase.valueOf(words.get(1).toUpperCase(java.util.Locale.ROOT));
                    int percent = words.size() > 2 ? Integer.parseInt(words.get(2)) : phase.hasPercent() ? 100 : 0;
                    out.println("Now "
                            + migration.change(phase, percent, by, reason).describe());
                }
                case "cutover", "rollback" -> {
                    CutoverResult result = words.get(0).equals("cutover")
                            ? migration.cutover(by, reason)
                            : migration.rollback(by, reason);
                    out.println("Now " + result.to().describe() + "; writes were held " + result.writePauseMillis()
                            + " ms; gates: " + result.gates().describe());
                }
                case "abort" -> out.println("Now " + migration.abort(by, reason).describe());
                case "audit" -> migration
                        .audit(Integer.parseInt(options.getOrDefault("limit", "20")))
                        .forEach(entry -> out.println(entry.describe()));
                default -> throw new IllegalArgumentException("unknown command '" + words.get(0) + "'");
            }
            return DONE;
        } catch (PhaseChangeRefusedException e) {
            err.println("Refused: " + e.getMessage());
            return REFUSED;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return USAGE;
        } catch (RuntimeException e) {
            err.println("Failed: " + e);
            return FAILED;
        }
    }

    private void status(MigrationControl migration) {
        out.println("Phase: " + migration.state().describe() + " (by "
                + migration.state().changedBy() + " at " + migration.state().changedAt() + ")");
        out.println("Last reconcile: "
                + migration
                        .verdict()
                        .map(v -> "run " + v.runId() + " " + v.verdict() + ", " + v.confirmedDifferences()
                                + " confirmed, finished " + v.finishedAt())
                        .orElse("none published"));
        for (InstanceReport instance : migration.instances()) {
            out.println("Instance " + instance.instance() + ": epoch " + instance.epoch() + ", shadow "
                    + instance.shadowMismatched() + "/" + instance.shadowCompared() + " mismatched, "
                    + instance.shadowDropped() + " dropped, " + instance.trackedKeys()
                    + " keys since the last reconcile"
                    + (instance.trackingOverflow() ? " (overflowed)" : ""));
        }
        GateValues gates = migration.gates();
        out.println("Gates: " + gates.describe());
        out.println(
                gates.passed() ? "A cutover would pass the gates." : "A cutover would be refused: " + gates.failures());
    }

    static GateSettings gates(Map<String, String> options) {
        GateSettings defaults = GateSettings.defaults();
        List<GateSettings.RetryTopic> retryTopics = options.containsKey("retry-topics")
                ? Arrays.stream(options.get("retry-topics").split(","))
                        .map(String::trim)
                        .filter(t -> !t.isEmpty())
                        .map(t -> {
                            String[] parts = t.split(":", 2);
                            if (parts.length != 2) {
                                throw new IllegalArgumentException("--retry-topics takes topic:group pairs, not " + t);
                            }
                            return new GateSettings.RetryTopic(parts[0], parts[1]);
                        })
                        .toList()
                : defaults.retryTopics();
        List<String> deadLetters = options.containsKey("dead-letter-topics")
                ? Arrays.stream(options.get("dead-letter-topics").split(","))
                        .map(String::trim)
                        .filter(t -> !t.isEmpty())
                        .toList()
                : defaults.deadLetterTopics();
        return new GateSettings(
                retryTopics,
                deadLetters,
                Double.parseDouble(options.getOrDefault("max-mismatch-rate", "" + defaults.maxMismatchRate())),
                !options.containsKey("no-reconcile-gate"),
                duration(options.getOrDefault("instance-timeout", "10s")),
                duration(options.getOrDefault("max-write-hold", "10s")));
    }

    private static Duration duration(String text) {
        String lower = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
        }
        if (lower.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(lower.substring(0, lower.length() - 1)));
        }
        return Duration.parse(text);
    }
}
