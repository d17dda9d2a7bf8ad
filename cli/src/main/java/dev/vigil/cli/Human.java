package dev.vigil.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Numbers as people read them: milliseconds, percentages, sizes, counts, durations and times relative to now. */
final class Human {

    private Human() {
    }

    /** {@code 0.42 ms}, {@code 4.2 ms}, {@code 120 ms}, {@code 1.5 s}, {@code 2m 05s}; "-" for null. */
    static String ms(Double millis) {
        if (millis == null || millis.isNaN()) {
            return "-";
        }
        double m = Math.abs(millis);
        if (m < 1) {
            return String.format(Locale.ROOT, "%.2f ms", millis);
        }
        if (m < 10) {
            return String.format(Locale.ROOT, "%.1f ms", millis);
        }
        if (m < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", millis);
        }
        if (m < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000);
        }
        return duration(Math.round(millis / 1000));
    }

    /** {@code 0%}, {@code 0.08%}, {@code 2.5%}, {@code 12%}; "-" for null. The value is already a percentage. */
    static String percent(Double percent) {
        if (percent == null || percent.isNaN()) {
            return "-";
        }
        double p = Math.abs(percent);
        if (p == 0) {
            return "0%";
        }
        if (p < 0.1) {
            return String.format(Locale.ROOT, "%.2f%%", percent);
        }
        if (p < 10) {
            return String.format(Locale.ROOT, "%.1f%%", percent);
        }
        return String.format(Locale.ROOT, "%.0f%%", percent);
    }

    /** {@code 1,234,567}. */
    static String count(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** A measured value as short as it reads well: {@code 12}, {@code 0.5}, {@code 1234.6}. */
    static String number(Double value) {
        if (value == null || value.isNaN()) {
            return "-";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf(value.longValue());
        }
        double a = Math.abs(value);
        String text = String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", value);
        return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
    }

    /** {@code 512 B}, {@code 1.5 kB}, {@code 120 MB}, {@code 2.0 GB} (powers of 1024, as the JVM counts). */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }

    /** {@code 45s}, {@code 5m 03s}, {@code 3h 12m}, {@code 2d 4h}. */
    static String duration(long seconds) {
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd %dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    /** {@code just now}, {@code 45s ago}, {@code 5m ago}, {@code 3h ago}, {@code 2d ago}, {@code in 5m}. */
    static String relative(Instant time, Instant now) {
        if (time == null) {
            return "-";
        }
        long seconds = Duration.between(time, now).toSeconds();
        long magnitude = Math.abs(seconds);
        if (magnitude < 5) {
            return "just now";
        }
        String amount = magnitude < 60 ? magnitude + "s" : magnitude < 3600 ? magnitude / 60 + "m"
                : magnitude < 86_400 ? magnitude / 3600 + "h" : magnitude / 86_400 + "d";
        return seconds > 0 ? amount + " ago" : "in " + amount;
    }

    /** An ISO-8601 text from the server, relative to now; the text itself when it does not parse. */
    static String relative(String iso, Instant now) {
        if (iso == null || iso.isBlank()) {
            return "-";
        }
        try {
            return relative(Instant.parse(iso), now);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
