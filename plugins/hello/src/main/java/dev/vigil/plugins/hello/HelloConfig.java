package dev.vigil.plugins.hello;

/** {@code config/plugins/hello.yaml}. */
public record HelloConfig(String greeting, int maxNoteLength) {

    static final HelloConfig DEFAULTS = new HelloConfig("Hello from Vigil", 500);

    public HelloConfig {
        if (greeting == null || greeting.isBlank()) {
            throw new IllegalArgumentException("greeting must not be empty");
        }
        if (maxNoteLength < 1 || maxNoteLength > 10_000) {
            throw new IllegalArgumentException("max-note-length must be between 1 and 10000");
        }
    }
}
