package dev.tandem.example.payments;

import org.springframework.data.jpa.repository.JpaRepository;

/** Payments in the primary; every save and delete through it is dual-written. */
public interface PaymentRepository extends JpaRepository<Payment, Long> {}
