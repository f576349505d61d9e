package dev.tandem.testkit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A GreenMail SMTP server on 127.0.0.1 that keeps every message it receives for tests to read. */
public final class EmbeddedSmtp {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSmtp.class);

    private final GreenMail greenMail;
    private final int port;

    private EmbeddedSmtp(GreenMail greenMail, int port) {
        this.greenMail = greenMail;
        this.port = port;
    }

    /** Starts a new server; prefer {@link EmbeddedServices#smtp()}. */
    static EmbeddedSmtp launch() {
        int port = FreePort.find();
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        log.info("SMTP (GreenMail) started on 127.0.0.1:{}", port);
        return new EmbeddedSmtp(greenMail, port);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** Every message received so far, oldest first. */
    public List<MimeMessage> receivedMessages() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** Waits until at least {@code count} messages arrived in all; false if {@code timeout} passed first. */
    public boolean awaitMessages(int count, Duration timeout) {
        return greenMail.waitForIncomingEmail(timeout.toMillis(), count);
    }

    /** Forgets the messages received so far. */
    public void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new EmbeddedServiceException("Could not purge the SMTP server's mailboxes", e);
        }
    }

    void shutdown() {
        greenMail.stop();
    }
}
