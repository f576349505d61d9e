package dev.tandem.reconcile.report;

import dev.tandem.reconcile.run.RunRecord;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/** Sends a run's report as one message with an HTML part and a plain-text alternative. */
public final class ReportMailer {

    private final JavaMailSender sender;
    private final String from;
    private final List<String> to;
    private final String subjectPrefix;

    public ReportMailer(JavaMailSender sender, String from, List<String> to, String subjectPrefix) {
        this.sender = sender;
        this.from = from;
        this.to = List.copyOf(to);
        this.subjectPrefix = subjectPrefix;
    }

    /** Whether there is anyone to send to. */
    public boolean hasRecipients() {
        return !to.isEmpty();
    }

    public void send(RunRecord run, List<RunRecord> history) throws MessagingException {
        RunReport report = new RunReport(run, history);
        MimeMessage message = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(to.toArray(String[]::new));
        helper.setSubject((subjectPrefix.isBlank() ? "" : subjectPrefix + " ") + report.subject());
        helper.setText(report.text(), report.html());
        sender.send(message);
    }
}
