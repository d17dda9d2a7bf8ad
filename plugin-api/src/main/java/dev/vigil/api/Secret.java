package dev.vigil.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a key of a plugin's config type secret: the kernel never shows its value as it is — not in the admin
 * API's view of the config, not in a config error, not in a log line — to any role. It covers everything under the
 * key: each element of a list, each value of a map (whose keys, such as header names, stay readable).
 *
 * <pre>{@code
 * record Channel(String name, @Secret(Secret.Reveal.URL_ORIGIN) String url, @Secret Map<String, String> headers) {}
 * }</pre>
 *
 * A plugin that writes a secret into its own messages (a delivery error, a log line) masks it with
 * {@link Reveal#mask} or {@link Reveal#redact}, the same way the kernel does.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface Secret {

    /** What of the value stays readable. */
    Reveal value() default Reveal.NOTHING;

    /** What of a secret value stays readable when it is shown. */
    enum Reveal {
        /** Passwords, API keys, header values: shown as {@code ***}. */
        NOTHING,
        /**
         * URLs that carry a key in their path, query or user part: shown as scheme and host
         * ({@code https://hooks.slack.com/***}, {@code jdbc:postgresql://db:5432/***}), so a reader can still tell
         * which endpoint it is.
         */
        URL_ORIGIN;

        private static final String MASK = "***";

        /** The value as it may be shown; null and empty stay as they are (nothing is set). */
        public String mask(String value) {
            if (value == null || value.isEmpty()) {
                return value;
            }
            if (this == NOTHING) {
                return MASK;
            }
            String url = value.strip();
            String jdbc = url.regionMatches(true, 0, "jdbc:", 0, 5) ? url.substring(0, 5) : "";
            int scheme = schemeEnd(url, jdbc.length());
            if (scheme < 0) {
                return MASK;
            }
            if (!url.startsWith("//", scheme + 1)) {
                return url.substring(0, scheme + 1) + MASK;
            }
            String authority = url.substring(scheme + 3, authorityEnd(url, scheme + 3));
            String host = authority.substring(authority.lastIndexOf('@') + 1);
            return url.substring(0, scheme) + "://" + host + "/" + MASK;
        }

        /**
         * {@code text} with every occurrence of {@code secret} masked; for a URL also every occurrence of its part
         * after the host and of its user part, which is where the key is (an error that echoes the request path).
         */
        public String redact(String text, String secret) {
            if (text == null || secret == null || secret.isEmpty()) {
                return text;
            }
            String redacted = text.replace(secret, mask(secret));
            if (this == URL_ORIGIN) {
                String url = secret.strip();
                int scheme = schemeEnd(url, url.regionMatches(true, 0, "jdbc:", 0, 5) ? 5 : 0);
                if (scheme >= 0 && url.startsWith("//", scheme + 1)) {
                    int end = authorityEnd(url, scheme + 3);
                    String rest = url.substring(end);
                    if (rest.length() > 1) {
                        redacted = redacted.replace(rest, "/" + MASK);
                    }
                    String authority = url.substring(scheme + 3, end);
                    int at = authority.lastIndexOf('@');
                    if (at > 0) {
                        redacted = redacted.replace(authority.substring(0, at), MASK);
                    }
                }
            }
            return redacted;
        }

        /** The index of the ':' that ends the scheme, or -1 when the text starts with none. */
        private static int schemeEnd(String url, int from) {
            int colon = url.indexOf(':', from);
            if (colon <= from || !Character.isLetter(url.charAt(from))) {
                return -1;
            }
            for (int i = from; i < colon; i++) {
                char c = url.charAt(i);
                if (!Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
                    return -1;
                }
            }
            return colon;
        }

        private static int authorityEnd(String url, int from) {
            for (int i = from; i < url.length(); i++) {
                char c = url.charAt(i);
                if (c == '/' || c == '?' || c == '#') {
                    return i;
                }
            }
            return url.length();
        }
    }
}
