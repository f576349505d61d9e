package dev.tandem.example.payments;

import java.math.BigDecimal;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The payment operations, one primary transaction each. */
@Service
@Transactional
public class PaymentService {

    private final PaymentRepository payments;

    public PaymentService(PaymentRepository payments) {
        this.payments = payments;
    }

    public Payment authorize(String merchant, BigDecimal amount, String currency) {
        return payments.save(new Payment(merchant, amount, currency));
    }

    public Payment capture(long id) {
        return moveTo(id, Payment.Status.CAPTURED);
    }

    public Payment refund(long id) {
        return moveTo(id, Payment.Status.REFUNDED);
    }

    /** Voids an authorization that was never captured: the payment is removed. */
    public void voidAuthorization(long id) {
        Payment payment = get(id);
        if (payment.getStatus() != Payment.Status.AUTHORIZED) {
            throw new IllegalPaymentStateException(id, payment.getStatus(), "voided");
        }
        payments.delete(payment);
    }

    @Transactional(readOnly = true)
    public Payment get(long id) {
        return payments.findById(id).orElseThrow(() -> new PaymentNotFoundException(id));
    }

    private Payment moveTo(long id, Payment.Status next) {
        Payment payment = get(id);
        payment.moveTo(next);
        return payment;
    }
}
