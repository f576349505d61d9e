package dev.tandem.core;

import java.util.Objects;

/**
 * A JSON document kept as its exact text, so that a column value of type JSON travels unchanged and
 * is bound as JSON (not as a string) where the engine distinguishes the two.
 */
public record JsonText(String json) {

    public JsonText {
        Objects.requireNonNull(json, "json");
    }

    @Override
    public String toString() {
        return json;
    }
}
