package dev.tandem.autoconfigure.app;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An entity without any version: in crash-safe mode its outbox sequence versions it. */
@Entity
@Table(name = "counters")
public class Counter {

    @Id
    private Long id;

    private long total;

    protected Counter() {}

    public Counter(Long id) {
        this.id = id;
    }

    public void add(long amount) {
        total += amount;
    }
}
