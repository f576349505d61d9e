package dev.tandem.core.work;

/**
 * One unit of work on a {@link TaskTopic}.
 *
 * @param key what the task is about, e.g. {@code accounts/17}; a task published again has the same key
 * @param value what the worker needs to run it (text, e.g. JSON)
 * @param slot places the task: the same slot always lands in the same partition, so a task published
 *     twice is run by one worker after the other, never by two at once
 */
public record Task(String key, String value, int slot) {

    public Task {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("A task needs a key");
        }
        if (value == null) {
            throw new IllegalArgumentException("Task " + key + " has no value");
        }
    }
}
