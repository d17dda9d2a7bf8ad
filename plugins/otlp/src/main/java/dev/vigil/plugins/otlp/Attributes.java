package dev.vigil.plugins.otlp;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

/**
 * The attributes of a span, event, resource or log record, compact: a span held while its trace is assembled keeps
 * two small arrays instead of a map. Values are String, Long, Double, Boolean, List or Map; long texts are cut.
 */
final class Attributes {

    static final Attributes EMPTY = new Attributes(new String[0], new Object[0]);

    private final String[] keys;
    private final Object[] values;

    private Attributes(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    static Attributes of(List<KeyValue> list, int maxCount, int maxLength) {
        if (list.isEmpty()) {
            return EMPTY;
        }
        int count = Math.min(list.size(), maxCount);
        String[] keys = new String[count];
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            KeyValue entry = list.get(i);
            keys[i] = entry.getKey();
            values[i] = value(entry.getValue(), maxLength);
        }
        return new Attributes(keys, values);
    }

    /** An OTLP value as a plain Java value; null for an empty one. */
    static Object value(AnyValue value, int maxLength) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> cut(value.getStringValue(), maxLength);
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BYTES_VALUE -> cut(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()), maxLength);
            case ARRAY_VALUE -> {
                List<Object> items = new ArrayList<>();
                for (AnyValue item : value.getArrayValue().getValuesList()) {
                    items.add(value(item, maxLength));
                }
                yield Collections.unmodifiableList(items);
            }
            case KVLIST_VALUE -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                for (KeyValue item : value.getKvlistValue().getValuesList()) {
                    entries.put(item.getKey(), value(item.getValue(), maxLength));
                }
                yield Collections.unmodifiableMap(entries);
            }
            default -> null; // not set, or a kind only profiles use (string table indexes)
        };
    }

    private static String cut(String text, int maxLength) {
        return text.length() <= maxLength ? text : text.substring(0, maxLength);
    }

    Object get(String key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return values[i];
            }
        }
        return null;
    }

    /** The first of {@code names} present, as text (a number as its digits); null when none is. */
    String text(String... names) {
        for (String name : names) {
            Object value = get(name);
            if (value != null) {
                String text = value.toString();
                if (!text.isBlank()) {
                    return text;
                }
            }
        }
        return null;
    }

    /** The first of {@code names} present as a whole number (or text of one); null when none is. */
    Long number(String... names) {
        for (String name : names) {
            Object value = get(name);
            if (value instanceof Long whole) {
                return whole;
            }
            if (value instanceof Double real && real == Math.rint(real) && !real.isInfinite()) {
                return real.longValue();
            }
            if (value instanceof String text) {
                try {
                    return Long.parseLong(text.strip());
                } catch (NumberFormatException e) {
                    // not a number: try the next name
                }
            }
        }
        return null;
    }

    boolean has(String... names) {
        for (String name : names) {
            if (get(name) != null) {
                return true;
            }
        }
        return false;
    }

    int size() {
        return keys.length;
    }

    String key(int index) {
        return keys[index];
    }

    Object valueAt(int index) {
        return values[index];
    }

    /** A map for JSON, in arrival order. */
    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], values[i]);
        }
        return map;
    }
}
