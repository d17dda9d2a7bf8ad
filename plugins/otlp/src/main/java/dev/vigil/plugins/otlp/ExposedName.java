package dev.vigil.plugins.otlp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An OTLP metric's name on {@code /metrics}, after the OpenTelemetry specification's "Prometheus and OpenMetrics
 * Compatibility": {@code otel_} and the name in snake case, then its unit in base units ({@code ms} → values in
 * seconds and {@code _seconds}, {@code By} → {@code _bytes}, {@code 1} → {@code _ratio} for gauges, {@code %} →
 * a ratio), then {@code _total} for counters. Pure logic.
 *
 * @param name     the Prometheus family name
 * @param multiply the factor that turns the metric's values into the base unit, with {@code divide}
 * @param divide   the divisor (kept apart so that {@code ms} → seconds divides by 1000 exactly)
 */
record ExposedName(String name, double multiply, double divide) {

    enum Kind { COUNTER, GAUGE, HISTOGRAM }

    /** A unit's word in the name and the factor to its base unit. */
    private record Unit(String word, double multiply, double divide) {
    }

    private static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry("d", new Unit("seconds", 86_400, 1)), Map.entry("h", new Unit("seconds", 3_600, 1)),
            Map.entry("min", new Unit("seconds", 60, 1)), Map.entry("s", new Unit("seconds", 1, 1)),
            Map.entry("ms", new Unit("seconds", 1, 1e3)), Map.entry("us", new Unit("seconds", 1, 1e6)),
            Map.entry("ns", new Unit("seconds", 1, 1e9)),
            Map.entry("By", new Unit("bytes", 1, 1)), Map.entry("KBy", new Unit("bytes", 1e3, 1)),
            Map.entry("MBy", new Unit("bytes", 1e6, 1)), Map.entry("GBy", new Unit("bytes", 1e9, 1)),
            Map.entry("TBy", new Unit("bytes", 1e12, 1)), Map.entry("KiBy", new Unit("bytes", 1L << 10, 1)),
            Map.entry("MiBy", new Unit("bytes", 1L << 20, 1)), Map.entry("GiBy", new Unit("bytes", 1L << 30, 1)),
            Map.entry("TiBy", new Unit("bytes", 1L << 40, 1)),
            Map.entry("%", new Unit("ratio", 1, 100)),
            Map.entry("m", new Unit("meters", 1, 1)), Map.entry("V", new Unit("volts", 1, 1)),
            Map.entry("A", new Unit("amperes", 1, 1)), Map.entry("J", new Unit("joules", 1, 1)),
            Map.entry("W", new Unit("watts", 1, 1)), Map.entry("g", new Unit("grams", 1, 1)),
            Map.entry("Cel", new Unit("celsius", 1, 1)), Map.entry("Hz", new Unit("hertz", 1, 1)));
    private static final Map<String, String> PER = Map.of("s", "second", "m", "minute", "h", "hour", "d", "day",
                                                          "w", "week", "mo", "month", "y", "year");
    private static final Pattern ANNOTATION = Pattern.compile("\\{[^}]*}");
    /** Endings Prometheus keeps for the series of counters, histograms and info metrics. */
    private static final List<String> RESERVED_ENDINGS = List.of("_total", "_count", "_sum", "_bucket", "_created",
                                                                 "_info", "_gcount", "_gsum");

    /** The exposed name, or null when the metric's name has no letters or digits. */
    static ExposedName of(String metricName, String unit, Kind kind) {
        String base = snakeCase(metricName);
        if (base.isEmpty()) {
            return null;
        }
        String name = "otel_" + base;
        Unit converted = unit(unit == null ? "" : unit, kind);
        if (!converted.word().isEmpty() && !name.endsWith("_" + converted.word())) {
            name += "_" + converted.word();
        }
        if (kind == Kind.COUNTER) {
            name = (name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name) + "_total";
        } else if (RESERVED_ENDINGS.stream().anyMatch(name::endsWith)) {
            name += "_value"; // jvm.thread.count is an up-down counter: otel_jvm_thread_count would read as a sum
        }
        return new ExposedName(name, converted.multiply(), converted.divide());
    }

    /** A value in the metric's unit, in the exposed base unit. */
    double scale(double value) {
        return value * multiply / divide;
    }

    /** A data point attribute's key as a label name ({@code http.route} → {@code http_route}); null if none is left. */
    static String labelName(String key) {
        String name = snakeCase(key);
        if (name.isEmpty()) {
            return null;
        }
        return Character.isDigit(name.charAt(0)) ? "key_" + name : name;
    }

    /** Lower-case words joined by {@code _}: camelCase is split, every other character separates words. */
    static String snakeCase(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        char before = 0;
        for (char c : text.toCharArray()) {
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit) {
                separate(out);
            } else {
                if (Character.isUpperCase(c) && (Character.isLowerCase(before) || Character.isDigit(before))) {
                    separate(out);
                }
                out.append(Character.toLowerCase(c));
            }
            before = c;
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '_') {
            end--;
        }
        return out.substring(0, end);
    }

    private static void separate(StringBuilder out) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '_') {
            out.append('_');
        }
    }

    private static Unit unit(String unit, Kind kind) {
        String text = ANNOTATION.matcher(unit).replaceAll("").strip();
        if (text.equals("1")) {
            return new Unit(kind == Kind.GAUGE ? "ratio" : "", 1, 1);
        }
        int slash = text.indexOf('/');
        String main = slash < 0 ? text : text.substring(0, slash);
        String per = slash < 0 ? "" : text.substring(slash + 1);
        Unit known = UNITS.get(main);
        Unit word = known != null ? known : new Unit(main.equals("1") ? "" : snakeCase(main), 1, 1);
        if (per.isEmpty()) {
            return word;
        }
        String perWord = PER.getOrDefault(per, snakeCase(per));
        if (perWord.isEmpty()) {
            return word;
        }
        String joined = (word.word().isEmpty() ? "" : word.word() + "_") + "per_" + perWord;
        return new Unit(joined.toLowerCase(Locale.ROOT), word.multiply(), word.divide());
    }
}
