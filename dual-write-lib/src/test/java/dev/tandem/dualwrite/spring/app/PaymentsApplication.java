package dev.tandem.dualwrite.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small payments service writing through JPA; the dual-write library is added by configuration only. */
@SpringBootApplication
public class PaymentsApplication {}
