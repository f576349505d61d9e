package dev.tandem.demo;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailedReportTest {

    @TempDir
    Path directory;

    @Test
    void theMailedReportIsWrittenAsHtmlWithTheTextBesideIt() throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("Reconciliation CLEAN: 1 table, no confirmed differences");
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Reconciliation CLEAN", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<html><body><b>Reconciliation CLEAN</b></body></html>", "text/html; charset=UTF-8");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        body.setContent(alternative);
        mixed.addBodyPart(body);
        message.setContent(mixed);
        message.saveChanges();

        Path written = MailedReport.write(message, directory.resolve("target"));

        assertThat(written)
                .isEqualTo(directory.resolve("target/tandem-report.html").toAbsolutePath());
        assertThat(Files.readString(written)).contains("<b>Reconciliation CLEAN</b>");
        assertThat(Files.readString(directory.resolve("target/tandem-report.txt")))
                .isEqualTo("Reconciliation CLEAN");
    }
}
