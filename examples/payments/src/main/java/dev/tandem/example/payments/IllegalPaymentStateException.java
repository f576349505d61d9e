package dev.tandem.example.payments;

/** A payment asked to move to a status that does not follow its current one. */
public class IllegalPaymentStateException extends RuntimeException {

    IllegalPaymentStateException(Long id, Payment.Status current, String action) {
        super("Payment " + id + " is " + current + " and cannot be " + action);
    }
}
