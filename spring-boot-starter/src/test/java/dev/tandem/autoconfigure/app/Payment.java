package dev.tandem.autoconfigure.app;

import dev.tandem.dualwrite.DualWrite;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.LocalDateTime;

@Entity
@Table(name = "payments")
@DualWrite
public class Payment {

    public enum Status {
        PENDING,
        SETTLED,
        REFUNDED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private BigDecimal amount;
    private String currency;

    @Enumerated(EnumType.STRING)
    private Status status;

    private LocalDateTime createdAt;

    @Version
    private Long version;

    protected Payment() {}

    public Payment(BigDecimal amount, String currency) {
        this.amount = amount;
        this.currency = currency;
        this.status = Status.PENDING;
        this.createdAt = LocalDateTime.of(2026, 11, 21, 12, 0, 0, 123_456_000);
    }

    public Long getId() {
        return id;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public Status getStatus() {
        return status;
    }

    public void settle() {
        this.status = Status.SETTLED;
    }

    public Long getVersion() {
        return version;
    }
}
