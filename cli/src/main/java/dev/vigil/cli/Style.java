package dev.vigil.cli;

import java.util.Locale;

/** ANSI colour, or nothing at all when output is not a terminal (or NO_COLOR is set). */
final class Style {

    static final String RED = "31";
    static final String GREEN = "32";
    static final String YELLOW = "33";
    static final String BOLD = "1";
    static final String DIM = "2";

    private final boolean on;

    Style(boolean on) {
        this.on = on;
    }

    boolean on() {
        return on;
    }

    String paint(String code, String text) {
        return on && code != null && !text.isEmpty() ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    /** The colour of a word the server uses for how things are: red for bad, yellow for doubtful, green for fine. */
    static String colourOf(String word) {
        if (word == null) {
            return null;
        }
        return switch (word.strip().toLowerCase(Locale.ROOT)) {
            case "critical", "failed", "gave_up", "down", "not_found", "high", "degrading" -> RED;
            case "warning", "stopped", "degraded", "medium", "already_resolved", "too_little_data" -> YELLOW;
            case "started", "up", "delivered", "healthy", "acknowledged", "resolved", "succeeded", "improving" ->
                    GREEN;
            default -> null;
        };
    }
}
