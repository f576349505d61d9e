package dev.tandem.core;

/**
 * A mutation does not fit the secondary's schema: unknown table or column, a key that is not the
 * table's primary key, or a value that the column cannot hold. Nothing was written. Retrying cannot
 * help; the mutation belongs on the dead-letter topic.
 */
public class InvalidMutationException extends RuntimeException {

    private final String table;
    private final String column;

    public InvalidMutationException(Mutation mutation, String column, String reason) {
        super("Mutation " + mutation.writeId() + " for table '" + mutation.table() + "' key [" + mutation.rowKey() + "]"
                + (column != null ? ", column '" + column + "'" : "") + ": " + reason);
        this.table = mutation.table();
        this.column = column;
    }

    /** The table the mutation names, as given. */
    public String table() {
        return table;
    }

    /** The offending column as given, or null when the problem is not one column's. */
    public String column() {
        return column;
    }
}
