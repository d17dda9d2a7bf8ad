package dev.vigil.plugins.errors;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets before anything is stored: values of sensitive keys (at any depth of the context, and
 * {@code key=value} or {@code "key": "value"} inside text), bearer and basic credentials, and card-like numbers;
 * optionally truncates client IP addresses.
 */
final class Scrubber {

    static final String FILTERED = "[Filtered]";
    static final String FILTERED_CARD = "[Filtered card]";
    static final List<String> BUILT_IN_KEYS = List.of("password", "passwd", "secret", "token", "api_key",
                                                      "authorization", "cookie", "session");

    private static final Pattern CREDENTIAL = Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9\\-._~+/]+=*");

    private final Set<String> keys;
    private final boolean truncateIps;

    Scrubber(List<String> extraKeys, boolean truncateIps) {
        Set<String> all = new LinkedHashSet<>();
        for (String key : BUILT_IN_KEYS) {
            all.add(normalizeKey(key));
        }
        for (String key : extraKeys) {
            all.add(normalizeKey(key));
        }
        all.remove("");
        this.keys = Set.copyOf(all);
        this.truncateIps = truncateIps;
    }

    /** Lower case without separators: "X-Api-Key", "api_key" and "apiKey" compare equal. */
    static String normalizeKey(String key) {
        StringBuilder normalized = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = Character.toLowerCase(key.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                normalized.append(c);
            }
        }
        return normalized.toString();
    }

    boolean isSensitiveKey(String key) {
        String normalized = normalizeKey(key);
        for (String sensitive : keys) {
            if (normalized.contains(sensitive)) {
                return true;
            }
        }
        return false;
    }

    /** A copy of {@code context} with sensitive keys' values replaced at any depth and secrets removed from text. */
    Map<String, Object> scrubMap(Map<String, ?> context) {
        Map<String, Object> scrubbed = new LinkedHashMap<>();
        context.forEach((key, value) -> scrubbed.put(key, isSensitiveKey(key) && value != null ? FILTERED
                : scrubValue(value)));
        return scrubbed;
    }

    private Object scrubValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> asStrings = new LinkedHashMap<>();
            map.forEach((key, inner) -> asStrings.put(String.valueOf(key), inner));
            return scrubMap(asStrings);
        }
        if (value instanceof List<?> list) {
            List<Object> scrubbed = new ArrayList<>(list.size());
            for (Object item : list) {
                scrubbed.add(scrubValue(item));
            }
            return scrubbed;
        }
        if (value instanceof CharSequence text) {
            return scrubText(text.toString());
        }
        return value;
    }

    /** Secrets inside free text: key=value pairs of sensitive keys, bearer/basic credentials, card numbers. */
    String scrubText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String scrubbed = scrubKeyValues(text);
        String lower = scrubbed.toLowerCase(Locale.ROOT);
        if (lower.contains("bearer") || lower.contains("basic")) {
            scrubbed = CREDENTIAL.matcher(scrubbed).replaceAll(match -> Matcher.quoteReplacement(match.group(1))
                    + " " + FILTERED);
        }
        return scrubCards(scrubbed);
    }

    /**
     * Card-like numbers: 13 to 19 digits starting 2–6, written together or in groups separated by single spaces or
     * dashes, not part of a longer number, passing the Luhn check. A run of digit groups is tried from each group
     * on, longest first, so "4111 1111 1111 1111 12/25" still gives up its card. A scan rather than a regular
     * expression: this runs over every stack, and most of a stack's digits are short line numbers.
     */
    static String scrubCards(String text) {
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        int length = text.length();
        while (i < length) {
            if (!isDigit(text.charAt(i)) || (i > 0 && isDigit(text.charAt(i - 1)))) {
                i++;
                continue;
            }
            boolean afterNumber = i > 1 && text.charAt(i - 1) == '.' && isDigit(text.charAt(i - 2));
            // The run's groups: [start, end) of each digit group joined by single separators.
            List<int[]> groups = new ArrayList<>();
            int j = i;
            while (true) {
                int groupStart = j;
                while (j < length && isDigit(text.charAt(j))) {
                    j++;
                }
                groups.add(new int[] {groupStart, j});
                if (j + 1 < length && (text.charAt(j) == ' ' || text.charAt(j) == '-') && isDigit(text.charAt(j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            boolean beforeNumber = j + 1 < length && text.charAt(j) == '.' && isDigit(text.charAt(j + 1));
            int next = j;
            for (int first = 0; first < groups.size(); first++) {
                int[] card = afterNumber && first == 0 ? null : cardFrom(text, groups, first, beforeNumber);
                if (card != null) {
                    if (out == null) {
                        out = new StringBuilder(length);
                    }
                    out.append(text, copied, card[0]).append(FILTERED_CARD);
                    copied = card[1];
                    first = card[2];
                }
            }
            i = next;
        }
        return out == null ? text : out.append(text, copied, length).toString();
    }

    /** The longest card starting at group {@code first}: {start, end, last group index}, or null. */
    private static int[] cardFrom(String text, List<int[]> groups, int first, boolean runEndsInNumber) {
        char leading = text.charAt(groups.get(first)[0]);
        if (leading < '2' || leading > '6') {
            return null;
        }
        StringBuilder digits = new StringBuilder(19);
        int[] best = null;
        for (int last = first; last < groups.size(); last++) {
            int[] group = groups.get(last);
            digits.append(text, group[0], group[1]);
            if (digits.length() > 19) {
                break;
            }
            boolean lastOfRun = last == groups.size() - 1;
            if (digits.length() >= 13 && !(lastOfRun && runEndsInNumber) && luhnValid(digits.toString())) {
                best = new int[] {groups.get(first)[0], group[1], last};
            }
        }
        return best;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Replaces the value after every {@code key=} or {@code key:} (the key optionally quoted) whose key holds a
     * sensitive word: a quoted value up to its closing quote, a bearer or basic credential, or a bare value up to
     * the next separator. One pass over the text: a regular expression with a free-form key backtracks badly on the
     * long dotted names of stack traces.
     */
    private String scrubKeyValues(String text) {
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '=' && c != ':') {
                continue;
            }
            int keyEnd = i;
            while (keyEnd > 0 && text.charAt(keyEnd - 1) == ' ') {
                keyEnd--;
            }
            if (keyEnd > 0 && (text.charAt(keyEnd - 1) == '"' || text.charAt(keyEnd - 1) == '\'')) {
                keyEnd--;
            }
            int keyStart = keyEnd;
            while (keyStart > 0 && isKeyCharacter(text.charAt(keyStart - 1))) {
                keyStart--;
            }
            if (keyStart == keyEnd || !isSensitiveKey(text.substring(keyStart, keyEnd))) {
                continue;
            }
            int valueStart = i + 1;
            while (valueStart < text.length() && text.charAt(valueStart) == ' ') {
                valueStart++;
            }
            int valueEnd = valueEnd(text, valueStart);
            if (valueEnd <= valueStart || text.startsWith(FILTERED, valueStart)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, valueStart).append(FILTERED);
            copied = valueEnd;
            i = valueEnd - 1;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static int valueEnd(String text, int start) {
        if (start >= text.length()) {
            return start;
        }
        char first = text.charAt(start);
        if (first == '"' || first == '\'') {
            int closing = text.indexOf(first, start + 1);
            return closing < 0 ? text.length() : closing + 1;
        }
        int end = start;
        String lower = text.substring(start, Math.min(text.length(), start + 7)).toLowerCase(Locale.ROOT);
        if (lower.startsWith("bearer ") || lower.startsWith("basic ")) {
            end = start + (lower.startsWith("bearer ") ? 7 : 6);
            while (end < text.length() && text.charAt(end) == ' ') {
                end++;
            }
        }
        while (end < text.length() && !isValueSeparator(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isKeyCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }

    private static boolean isValueSeparator(char c) {
        return Character.isWhitespace(c) || c == '&' || c == ',' || c == ';' || c == '"' || c == '\'' || c == '}'
                || c == ']';
    }

    /** The Luhn check digit test that every payment card number passes. */
    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return false;
            }
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** When configured: IPv4 to its /24 ({@code 203.0.113.0}), IPv6 to its /48. Otherwise unchanged. */
    String clientIp(String ip) {
        if (ip == null || !truncateIps) {
            return ip;
        }
        return truncateIp(ip);
    }

    static String truncateIp(String ip) {
        if (!IpAddresses.isLiteral(ip)) {
            return ip;
        }
        try {
            byte[] address = InetAddress.getByName(ip).getAddress();
            int keep = address.length == 4 ? 3 : 6;
            for (int i = keep; i < address.length; i++) {
                address[i] = 0;
            }
            String truncated = InetAddress.getByAddress(address).getHostAddress();
            return address.length == 16 ? compressIpv6(truncated) : truncated;
        } catch (UnknownHostException e) {
            return ip;
        }
    }

    /** {@code 2001:db8:85a3:0:0:0:0:0} as {@code 2001:db8:85a3::}. */
    private static String compressIpv6(String full) {
        String text = full.contains("%") ? full.substring(0, full.indexOf('%')) : full;
        return text.replaceFirst("(^|:)(0(:|$)){2,}", "::").replaceFirst(":::", "::");
    }
}
