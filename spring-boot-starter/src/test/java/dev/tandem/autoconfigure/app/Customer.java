package dev.tandem.autoconfigure.app;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDateTime;

/** Captured because its table is listed in tandem.dualwrite.tables, versioned by updated_at. */
@Entity
@Table(name = "customers")
public class Customer {

    @Id
    private Long id;

    private String name;
    private LocalDateTime updatedAt;

    protected Customer() {}

    public Customer(Long id, String name) {
        this.id = id;
        rename(name);
    }

    public void rename(String name) {
        this.name = name;
        this.updatedAt = LocalDateTime.now().withNano((LocalDateTime.now().getNano() / 1000) * 1000);
    }
}
