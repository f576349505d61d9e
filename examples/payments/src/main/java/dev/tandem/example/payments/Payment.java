package dev.tandem.example.payments;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A card payment: authorized, then captured, then perhaps refunded. The {@code @Version} attribute
 * is what Tandem's version fence orders the row's writes by on the secondary.
 */
@Entity
@Table(name = "payments")
public class Payment {

    /** Where a payment is in its life. */
    public enum Status {
        AUTHORIZED,
        CAPTURED,
        REFUNDED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String merchant;

    @Column(nullable = false, precision = 12, scale = 2)
    private BigDecimal amount;

    @Column(nullable = false, length = 3)
    private String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Status status;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Payment() {}

    Payment(String merchant, BigDecimal amount, String currency) {
        this.merchant = merchant;
        this.amount = amount;
        this.currency = currency;
        this.status = Status.AUTHORIZED;
        this.createdAt = now();
        this.updatedAt = createdAt;
    }

    /** Moves to {@code next}, which must follow the current status. */
    void moveTo(Status next) {
        Status required =
                switch (next) {
                    case CAPTURED -> Status.AUTHORIZED;
                    case REFUNDED -> Status.CAPTURED;
                    case AUTHORIZED -> null;
                };
        if (status != required) {
            throw new IllegalPaymentStateException(id, status, next.name().toLowerCase(java.util.Locale.ROOT));
        }
        status = next;
        updatedAt = now();
    }

    // Both stores keep microseconds; a finer clock would be cut differently by each.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public Long getId() {
        return id;
    }

    public String getMerchant() {
        return merchant;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public String getCurrency() {
        return currency;
    }

    public Status getStatus() {
        return status;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public long getVersion() {
        return version;
    }
}
