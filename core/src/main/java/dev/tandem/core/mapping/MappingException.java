package dev.tandem.core.mapping;

/**
 * The declared schema mapping does not fit the stores: a table or column it names does not exist, or
 * a conversion cannot join the two columns. The message names the table, the column and the
 * conversion.
 */
public class MappingException extends RuntimeException {

    public MappingException(String message) {
        super(message);
    }
}
