package dev.tandem.example.payments;

/** No payment has the id asked for. */
public class PaymentNotFoundException extends RuntimeException {

    PaymentNotFoundException(long id) {
        super("No payment " + id);
    }
}
