package dev.vigil.plugins.alerts;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Label matchers of rules and silences. A value matches exactly, except three forms: {@code "*"} needs the label to
 * be present with any value, {@code ""} needs it absent (so {@code service: ""} selects the overall series of a
 * signal that is also published per service), and {@code "!x"} needs it present with any value but {@code x} (so
 * {@code service: "!vigil"} leaves out Vigil's own traffic).
 */
final class LabelMatchers {

    static final Pattern LABEL_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    private LabelMatchers() {
    }

    static boolean matches(Map<String, String> matchers, Map<String, String> labels) {
        for (Map.Entry<String, String> matcher : matchers.entrySet()) {
            String actual = labels.get(matcher.getKey());
            String wanted = matcher.getValue();
            boolean ok = switch (wanted) {
                case "*" -> actual != null;
                case "" -> actual == null;
                default -> wanted.startsWith("!") ? actual != null && !actual.equals(wanted.substring(1))
                        : wanted.equals(actual);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Checks matcher names and values; {@code field} prefixes the error ({@code labels}, {@code matchers}). */
    static void validate(String field, Map<String, String> matchers) {
        for (Map.Entry<String, String> matcher : matchers.entrySet()) {
            if (matcher.getKey() == null || !LABEL_NAME.matcher(matcher.getKey()).matches()) {
                throw new RuleException(field, "label name '" + matcher.getKey()
                        + "' must be lower-case letters, digits and '_'");
            }
            if (matcher.getValue() == null) {
                throw new RuleException(field + "." + matcher.getKey(),
                                        "needs a value (\"*\" for any value, \"\" for absent)");
            }
            if (matcher.getValue().equals("!")) {
                throw new RuleException(field + "." + matcher.getKey(), "'!' needs the value to leave out (\"!vigil\")");
            }
        }
    }
}
