package dev.tandem.core;

import java.util.Objects;
import java.util.UUID;

/** The outcome of one mutation of a batch, identified by its write id. */
public record ApplyResult(UUID writeId, ApplyOutcome outcome) {

    public ApplyResult {
        Objects.requireNonNull(writeId, "writeId");
        Objects.requireNonNull(outcome, "outcome");
    }
}
