package dev.tandem.example.payments;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /payments} authorizes, {@code PATCH /payments/{id}} with {@code {"status":"CAPTURED"}}
 * or {@code {"status":"REFUNDED"}} moves a payment on, {@code DELETE /payments/{id}} voids an
 * authorization.
 */
@RestController
@RequestMapping("/payments")
public class PaymentController {

    private final PaymentService service;

    public PaymentController(PaymentService service) {
        this.service = service;
    }

    /** A new authorization. */
    public record NewPayment(
            @NotBlank @Size(max = 64) String merchant,
            @NotNull @DecimalMin("0.01") @Digits(integer = 10, fraction = 2) BigDecimal amount,
            @NotNull @Pattern(regexp = "[A-Z]{3}") String currency) {}

    /** The status a payment should move to. */
    public record StatusChange(@NotNull Payment.Status status) {}

    /** A payment as the API shows it. */
    public record PaymentView(
            long id,
            String merchant,
            BigDecimal amount,
            String currency,
            Payment.Status status,
            Instant createdAt,
            Instant updatedAt,
            long version) {

        static PaymentView of(Payment p) {
            return new PaymentView(
                    p.getId(),
                    p.getMerchant(),
                    p.getAmount(),
                    p.getCurrency(),
                    p.getStatus(),
                    p.getCreatedAt(),
                    p.getUpdatedAt(),
                    p.getVersion());
        }
    }

    @PostMapping
    ResponseEntity<PaymentView> authorize(@Valid @RequestBody NewPayment request) {
        Payment payment = service.authorize(request.merchant(), request.amount(), request.currency());
        return ResponseEntity.created(URI.create("/payments/" + payment.getId()))
                .body(PaymentView.of(payment));
    }

    @GetMapping("/{id}")
    PaymentView get(@PathVariable long id) {
        return PaymentView.of(service.get(id));
    }

    @PatchMapping("/{id}")
    PaymentView change(@PathVariable long id, @Valid @RequestBody StatusChange change) {
        Payment payment =
                switch (change.status()) {
                    case CAPTURED -> service.capture(id);
                    case REFUNDED -> service.refund(id);
                    case AUTHORIZED -> throw new IllegalPaymentStateException(
                            id, service.get(id).getStatus(), "authorized again");
                };
        return PaymentView.of(payment);
    }

    @ExceptionHandler
    ProblemDetail notFound(PaymentNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(IllegalPaymentStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void voidAuthorization(@PathVariable long id) {
        service.voidAuthorization(id);
    }
}
