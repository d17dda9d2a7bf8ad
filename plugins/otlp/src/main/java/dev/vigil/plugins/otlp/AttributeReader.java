package dev.vigil.plugins.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * Reads attributes within the configured limits and masks secrets as they arrive, so that no credential is held,
 * handed to another plugin or stored: the value of an attribute whose name holds a secret word
 * ({@code http.request.header.authorization}), and the user info and secret query parameters of URLs.
 */
final class AttributeReader {

    static final String MASK = "[masked]";
    private static final Set<String> URL_KEYS = Set.of("url.full", "http.url", "url.query", "http.target");
    private static final Pattern SECRET_QUERY = Pattern.compile("([?&;]([^=&#]*)=)([^&#;]*)");
    private static final int MAX_REMEMBERED_KEYS = 10_000;

    private final int maxCount;
    private final int maxLength;
    private final List<String> secretWords;
    /** Attribute names are few and repeat in every span: decide once per name. */
    private final Map<String, Boolean> secretKeys = new ConcurrentHashMap<>();

    AttributeReader(OtlpConfig config) {
        this.maxCount = config.maxAttributes();
        this.maxLength = config.maxAttributeLength();
        this.secretWords = config.secretAttributes().stream().map(AttributeReader::words).toList();
    }

    Attributes read(List<KeyValue> list) {
        if (list.isEmpty()) {
            return Attributes.EMPTY;
        }
        boolean clean = true;
        for (int i = 0; i < list.size() && i < maxCount && clean; i++) {
            String key = list.get(i).getKey();
            clean = !isSecret(key) && !URL_KEYS.contains(key);
        }
        if (clean) {
            return Attributes.of(list, maxCount, maxLength);
        }
        List<KeyValue> masked = new ArrayList<>(Math.min(list.size(), maxCount));
        for (int i = 0; i < list.size() && i < maxCount; i++) {
            KeyValue entry = list.get(i);
            if (isSecret(entry.getKey())) {
                masked.add(KeyValue.newBuilder().setKey(entry.getKey())
                                   .setValue(AnyValue.newBuilder().setStringValue(MASK)).build());
            } else if (URL_KEYS.contains(entry.getKey()) && entry.getValue().hasStringValue()) {
                masked.add(KeyValue.newBuilder().setKey(entry.getKey()).setValue(
                        AnyValue.newBuilder().setStringValue(maskUrl(entry.getValue().getStringValue()))).build());
            } else {
                masked.add(entry);
            }
        }
        return Attributes.of(masked, maxCount, maxLength);
    }

    boolean isSecret(String key) {
        Boolean known = secretKeys.get(key);
        if (known != null) {
            return known;
        }
        String name = words(key);
        boolean secret = false;
        for (String word : secretWords) {
            if (name.contains(word)) {
                secret = true;
                break;
            }
        }
        if (secretKeys.size() < MAX_REMEMBERED_KEYS) {
            secretKeys.put(key, secret);
        }
        return secret;
    }

    /** The URL without its user info, and with the values of query parameters named like secrets masked. */
    String maskUrl(String url) {
        String masked = url;
        int scheme = masked.indexOf("://");
        if (scheme > 0) {
            int hostStart = scheme + 3;
            int pathStart = firstOf(masked, hostStart, '/', '?', '#');
            int at = masked.lastIndexOf('@', pathStart - 1);
            if (at >= hostStart) {
                masked = masked.substring(0, hostStart) + MASK + masked.substring(at);
            }
        }
        if (masked.indexOf('?') < 0 && masked.indexOf('&') < 0) {
            return masked;
        }
        Matcher matcher = SECRET_QUERY.matcher(masked.indexOf('?') < 0 ? "?" + masked : masked);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = isSecret(matcher.group(2)) ? matcher.group(1) + MASK : matcher.group(0);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return masked.indexOf('?') < 0 ? out.substring(1) : out.toString();
    }

    private static int firstOf(String text, int from, char... stops) {
        int first = text.length();
        for (char stop : stops) {
            int at = text.indexOf(stop, from);
            if (at >= 0 && at < first) {
                first = at;
            }
        }
        return first;
    }

    /** A name as words between underscores: {@code http.request.header.x-api-key} → {@code _http_..._x_api_key_}. */
    private static String words(String name) {
        return "_" + name.toLowerCase(Locale.ROOT).replace('.', '_').replace('-', '_').replace(' ', '_') + "_";
    }
}
