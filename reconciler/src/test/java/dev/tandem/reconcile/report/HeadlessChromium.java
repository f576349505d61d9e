package dev.tandem.reconcile.report;

import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Renders an HTML file to a PNG with headless Chromium (Debian package {@code chromium}), where it is on PATH. */
public final class HeadlessChromium {

    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private HeadlessChromium() {}

    /** The browser, if one is on PATH. */
    public static Optional<Path> onPath() {
        return NAMES.stream()
                .flatMap(name -> Stream.of(
                                System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                        .map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Renders {@code html} into {@code png}, {@code width} by {@code height} pixels; fails after 60 s. */
    public static void screenshot(Path browser, Path html, Path png, int width, int height)
            throws IOException, InterruptedException {
        Path log = png.resolveSibling(png.getFileName() + ".log");
        Path profile = Files.createTempDirectory("tandem-chromium-");
        Process process = new ProcessBuilder(
                        browser.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--hide-scrollbars",
                        "--no-first-run",
                        "--user-data-dir=" + profile,
                        "--screenshot=" + png.toAbsolutePath(),
                        "--window-size=" + width + "," + height,
                        html.toAbsolutePath().toUri().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("Chromium did not render " + html + " within 60 s; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Chromium exited " + process.exitValue() + "; see " + log);
        }
    }

    /** The width and height a PNG file's header gives. */
    public static int[] pngSize(Path png) throws IOException {
        try (InputStream in = Files.newInputStream(png);
                DataInputStream data = new DataInputStream(in)) {
            byte[] signature = new byte[8];
            data.readFully(signature);
            if (signature[1] != 'P' || signature[2] != 'N' || signature[3] != 'G') {
                throw new IllegalStateException(png + " is not a PNG");
            }
            data.readInt(); // IHDR length
            data.readInt(); // "IHDR"
            return new int[] {data.readInt(), data.readInt()};
        }
    }
}
