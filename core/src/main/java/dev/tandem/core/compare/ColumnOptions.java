package dev.tandem.core.compare;

/**
 * How one column is compared, beyond what its types decide.
 *
 * @param floatTolerance largest absolute difference at which two floating-point values still count
 *     as equal; 0 for exact comparison (at the lower precision of the two columns)
 * @param masked whether values of this column are never shown (reports show a mask instead)
 */
public record ColumnOptions(double floatTolerance, boolean masked) {

    /** Exact comparison, values shown. */
    public static final ColumnOptions DEFAULT = new ColumnOptions(0, false);

    public ColumnOptions {
        if (!(floatTolerance >= 0) || Double.isInfinite(floatTolerance)) {
            throw new IllegalArgumentException(
                    "float tolerance must be zero or a positive number, was " + floatTolerance);
        }
    }
}
