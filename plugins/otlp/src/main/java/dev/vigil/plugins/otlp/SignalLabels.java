package dev.vigil.plugins.otlp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns a data point's attributes into signal labels: only those allowed and not denied (globs such as
 * {@code *.id}), at most {@code max-labels}, keys in the signals' form ({@code http.route} → {@code http_route}),
 * values cut to 200 characters. {@code service} is always a label. Pure logic.
 */
final class SignalLabels {

    static final int MAX_VALUE_LENGTH = 200;

    private final List<Pattern> allow;
    private final List<Pattern> deny;
    private final int maxLabels;

    SignalLabels(OtlpConfig.Signals settings) {
        this.allow = settings.allowAttributes().stream().map(SignalLabels::glob).toList();
        this.deny = settings.denyAttributes().stream().map(SignalLabels::glob).toList();
        this.maxLabels = settings.maxLabels();
    }

    Map<String, String> labels(String service, Attributes attributes) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("service", cut(service));
        for (int i = 0; i < attributes.size() && labels.size() <= maxLabels; i++) {
            String key = attributes.key(i);
            Object value = attributes.valueAt(i);
            if (value == null || !admitted(key)) {
                continue;
            }
            String label = labelName(key);
            if (label == null || labels.containsKey(label)) {
                continue;
            }
            labels.put(label, cut(value.toString()));
        }
        return labels;
    }

    boolean admitted(String key) {
        for (Pattern pattern : deny) {
            if (pattern.matcher(key).matches()) {
                return false;
            }
        }
        if (allow.isEmpty()) {
            return true;
        }
        for (Pattern pattern : allow) {
            if (pattern.matcher(key).matches()) {
                return true;
            }
        }
        return false;
    }

    /** {@code http.response.status_code} → {@code http_response_status_code}; null when nothing usable is left. */
    static String labelName(String key) {
        String text = underscored(key);
        if (text.isEmpty() || text.equals("_")) {
            return null;
        }
        return Character.isDigit(text.charAt(0)) ? "_" + text : text;
    }

    /** Lower case, each character but a-z and 0-9 an underscore, a run of underscores one: the signals' alphabet. */
    static String underscored(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean kept = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (kept || clean.isEmpty() || clean.charAt(clean.length() - 1) != '_') {
                clean.append(kept ? c : '_');
            }
        }
        return clean.toString();
    }

    private static String cut(String value) {
        return value.length() <= MAX_VALUE_LENGTH ? value : value.substring(0, MAX_VALUE_LENGTH);
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
