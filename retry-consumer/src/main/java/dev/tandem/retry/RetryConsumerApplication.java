package dev.tandem.retry;

import dev.tandem.security.ServiceSecurityConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The retry consumer service. The operator's {@code tandem dlt …} commands live in the {@code
 * tandem-cli} module and open this application's context without consumers, web server or secondary.
 */
@SpringBootApplication
@Import(ServiceSecurityConfiguration.class)
public class RetryConsumerApplication {

    public static void main(String[] args) {
        SpringApplication.run(RetryConsumerApplication.class, args);
    }
}
