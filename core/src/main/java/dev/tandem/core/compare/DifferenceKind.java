package dev.tandem.core.compare;

/** How a row differs between the stores. */
public enum DifferenceKind {
    /** The primary has the row, the secondary has not. */
    MISSING_IN_SECONDARY,
    /** The secondary has a row the primary has not. */
    EXTRA_IN_SECONDARY,
    /** Both have the row, with different values in some columns. */
    VALUE_MISMATCH
}
