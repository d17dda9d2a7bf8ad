package dev.vigil.kernel.logging;

/**
 * Makes text safe for a log line. Values that came from outside (a service name, an error message, a path) end up
 * in log messages; a newline in one would forge a line that reads as the server's own, and control or bidi
 * characters would hide or reorder what an operator sees. They are written as escapes instead.
 */
public final class LogText {

    private LogText() {
    }

    /**
     * {@code text} on one line: newline, return and tab as {@code \n \r \t}; other controls and bidi marks as
     * {@code \\uXXXX}.
     */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (unsafe(c)) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * C0 and C1 controls, DEL, the line and paragraph separators, and the bidi embeddings, overrides, isolates and
     * marks (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069).
     */
    static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f
                || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }
}
