package dev.tandem.example.payments;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A payments service as it was before the migration: Spring Web, Spring Data JPA, MySQL. Dual writes
 * to PostgreSQL come from {@code tandem-dual-write-lib} on the classpath and the {@code tandem.dualwrite}
 * section of {@code application.yml}; no code here knows about them.
 */
@SpringBootApplication
public class PaymentsApplication {

    public static void main(String[] args) {
        SpringApplication.run(PaymentsApplication.class, args);
    }
}
