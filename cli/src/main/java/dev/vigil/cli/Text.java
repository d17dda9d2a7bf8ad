package dev.vigil.cli;

/** Text that came from the server, made safe and short for a terminal. */
final class Text {

    private Text() {
    }

    /**
     * Control characters (an escape sequence in an ingested service name would otherwise reach the terminal),
     * newlines included, become visible escapes; the result is one line.
     */
    static String safe(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                clean.append("\\n");
            } else if (c == '\t') {
                clean.append(' ');
            } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069)) {
                clean.append(String.format("\\u%04x", c));
            } else {
                clean.appendCodePoint(c);
            }
        });
        return clean.toString();
    }

    /** {@link #safe} and at most {@code max} characters, with an ellipsis when cut. */
    static String oneLine(String text, int max) {
        String safe = safe(text == null ? "" : text.strip());
        return safe.length() <= max ? safe : safe.substring(0, Math.max(0, max - 3)) + "...";
    }
}
