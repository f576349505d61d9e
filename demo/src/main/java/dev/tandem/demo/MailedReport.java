package dev.tandem.demo;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The reconciler's report as it was mailed, written where a newcomer can open it: its HTML part as
 * {@code tandem-report.html} (the text part beside it as {@code tandem-report.txt}) in the demo's
 * {@code target/} directory, or where {@value #DIRECTORY_PROPERTY} says.
 */
final class MailedReport {

    /** The system property naming the directory the report is written to. */
    static final String DIRECTORY_PROPERTY = "tandem.demo.report-dir";

    private MailedReport() {}

    /** The directory reports are written to: {@value #DIRECTORY_PROPERTY}, else {@code target} of the working directory. */
    static Path directory() {
        return Path.of(System.getProperty(DIRECTORY_PROPERTY, "target"));
    }

    /** Writes {@code message}'s parts into {@code directory}; returns the HTML file (the text file if it has none). */
    static Path write(MimeMessage message, Path directory) throws IOException, MessagingException {
        Files.createDirectories(directory);
        Optional<String> html = part(message, "text/html");
        Optional<String> text = part(message, "text/plain");
        if (html.isEmpty() && text.isEmpty()) {
            throw new IllegalStateException(
                    "The mailed report \"" + message.getSubject() + "\" has no text or HTML part");
        }
        Path textFile = directory.resolve("tandem-report.txt");
        if (text.isPresent()) {
            Files.writeString(textFile, text.get());
        }
        if (html.isEmpty()) {
            return textFile.toAbsolutePath();
        }
        return Files.writeString(directory.resolve("tandem-report.html"), html.get())
                .toAbsolutePath();
    }

    private static Optional<String> part(Part part, String type) throws IOException, MessagingException {
        if (part.isMimeType(type)) {
            return Optional.of((String) part.getContent());
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                Optional<String> found = part(child, type);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
