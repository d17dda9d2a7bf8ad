package dev.vigil.plugins.errors;

import java.util.regex.Pattern;

/**
 * Reduces an error message to its shape for grouping errors that carry no stack: quoted values, UUIDs, e-mail
 * addresses, hexadecimal values, long identifiers and numbers are replaced by placeholders, so that
 * "order 4711 not found" and "order 815 not found" are the same fault.
 */
final class MessageMasker {

    /** Quotes that open after a non-word character, so that "can't" and "user's" are not taken as quoted text. */
    private static final Pattern QUOTED = Pattern.compile("(?<![\\w])([\"'`])[^\"'`\\n]{0,500}?\\1(?![\\w])");
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern HEX_PREFIXED = Pattern.compile("\\b0[xX][0-9a-fA-F]+\\b");
    private static final Pattern HEX_RUN = Pattern.compile("\\b(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b");
    /** Tokens such as session or object ids that mix letters and digits. */
    private static final Pattern LONG_ID = Pattern.compile(
            "\\b(?=[A-Za-z0-9_-]*\\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{16,}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private MessageMasker() {
    }

    static String mask(String message) {
        if (message == null) {
            return "";
        }
        String masked = QUOTED.matcher(message).replaceAll("<quoted>");
        masked = UUID.matcher(masked).replaceAll("<uuid>");
        masked = EMAIL.matcher(masked).replaceAll("<email>");
        masked = HEX_PREFIXED.matcher(masked).replaceAll("<hex>");
        masked = HEX_RUN.matcher(masked).replaceAll("<hex>");
        masked = LONG_ID.matcher(masked).replaceAll("<id>");
        masked = NUMBER.matcher(masked).replaceAll("<num>");
        return SPACES.matcher(masked).replaceAll(" ").strip();
    }
}
