package dev.tandem.autoconfigure.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A small payments service writing through JPA; the dual-write library is added by configuration only. */
@SpringBootApplication
public class PaymentsApplication {

    /** Stands in for the registry Spring Boot Actuator would provide. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
