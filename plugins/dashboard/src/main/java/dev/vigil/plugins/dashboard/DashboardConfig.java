package dev.vigil.plugins.dashboard;

import java.time.Duration;

/**
 * {@code config/plugins/dashboard.yaml}.
 *
 * @param title                 shown in the dashboard's header and the browser tab
 * @param refreshInterval       how often pages re-read their figures (live events arrive in between)
 * @param maxStreamClients      open event streams at once; more are refused with a 503
 * @param streamQueueCapacity   events buffered per stream client; a slower client loses the oldest news, counted
 * @param streamKeepalive       idle time after which a comment line keeps proxies from closing the stream
 * @param vitalsRetention       how long per-page vitals and slow resources are kept
 * @param vitalsMaxRecords      records accepted in one POST /api/v1/dashboard/vitals
 * @param maxPages              distinct pages tracked; measurements of further pages are counted under "(other)"
 * @param slowResourceMs        a resource that takes longer than this is reported by vigil.js
 * @param agentFlushInterval    how often vigil.js sends what it collected while the page stays open
 */
public record DashboardConfig(String title, Duration refreshInterval, int maxStreamClients, int streamQueueCapacity,
                              Duration streamKeepalive, Duration vitalsRetention, int vitalsMaxRecords, int maxPages,
                              int slowResourceMs, Duration agentFlushInterval) {

    static final DashboardConfig DEFAULTS = new DashboardConfig(
            "Vigil", Duration.ofSeconds(30), 50, 1000, Duration.ofSeconds(15), Duration.ofDays(30), 500, 1000,
            1000, Duration.ofSeconds(10));

    public DashboardConfig {
        if (title == null || title.isBlank() || title.length() > 80) {
            throw new IllegalArgumentException("title must be 1 to 80 characters");
        }
        requireBetween("refresh-interval", refreshInterval, Duration.ofSeconds(5), Duration.ofHours(1));
        requireBetween("stream-keepalive", streamKeepalive, Duration.ofSeconds(1), Duration.ofMinutes(5));
        requireBetween("vitals-retention", vitalsRetention, Duration.ofHours(1), Duration.ofDays(3650));
        requireBetween("agent-flush-interval", agentFlushInterval, Duration.ofSeconds(1), Duration.ofMinutes(10));
        requireBetween("max-stream-clients", maxStreamClients, 1, 10_000);
        requireBetween("stream-queue-capacity", streamQueueCapacity, 10, 1_000_000);
        requireBetween("vitals-max-records", vitalsMaxRecords, 1, 100_000);
        requireBetween("max-pages", maxPages, 1, 1_000_000);
        requireBetween("slow-resource-ms", slowResourceMs, 1, 600_000);
    }

    private static void requireBetween(String key, Duration value, Duration min, Duration max) {
        if (value == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be between " + Durations.text(min) + " and "
                                                       + Durations.text(max) + ", got " + Durations.text(value));
        }
    }

    private static void requireBetween(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    /** Durations as people write them in the config file. */
    static final class Durations {
        private Durations() {
        }

        static String text(Duration duration) {
            long millis = duration.toMillis();
            if (millis % 86_400_000 == 0) {
                return millis / 86_400_000 + "d";
            }
            if (millis % 3_600_000 == 0) {
                return millis / 3_600_000 + "h";
            }
            if (millis % 60_000 == 0) {
                return millis / 60_000 + "m";
            }
            if (millis % 1000 == 0) {
                return millis / 1000 + "s";
            }
            return millis + "ms";
        }
    }
}
