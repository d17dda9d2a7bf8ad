package dev.vigil.plugins.otlp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials written inline in free text ({@code password=hunter2}, {@code Authorization: Bearer x},
 * {@code token: abc}) before a kept span's attributes and events are stored.
 */
final class SecretText {

    private static final Pattern INLINE = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|secret|token|access_token|api[_-]?key|authorization)(\\s*[=:]\\s*)"
                    + "(bearer\\s+|basic\\s+)?([^\\s&,;'\"]+)");

    private SecretText() {
    }

    static String mask(String text) {
        if (text == null || (text.indexOf('=') < 0 && text.indexOf(':') < 0)) {
            return text;
        }
        return INLINE.matcher(text).replaceAll(match -> Matcher.quoteReplacement(
                match.group(1) + match.group(2) + (match.group(3) == null ? "" : match.group(3))
                        + AttributeReader.MASK));
    }
}
