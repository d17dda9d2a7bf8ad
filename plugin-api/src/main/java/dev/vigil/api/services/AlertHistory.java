package dev.vigil.api.services;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alerts over a window, offered by the alerting plugin while it runs (reports sum them up). Look it up at each use. */
public interface AlertHistory {

    /**
     * The alerts whose life overlaps {@code [from, to)}: counts, and the newest of them, at most {@code limit}.
     */
    AlertWindow window(Instant from, Instant to, int limit);

    /**
     * @param fired            alerts that started in the window
     * @param firedBySeverity  of those, by their severity now ({@code warning}, {@code critical}; zeros included)
     * @param activeNow        alerts active now, whenever they started
     * @param activeBySeverity of those, by severity
     * @param alerts           alerts overlapping the window (started in it, or active in it), newest first
     * @param total            how many alerts overlap the window ({@code alerts} holds at most the limit)
     */
    record AlertWindow(long fired, Map<String, Long> firedBySeverity, long activeNow,
                       Map<String, Long> activeBySeverity, long total, List<AlertRecord> alerts) {
    }

    /**
     * One alert.
     *
     * @param status    {@code active} or {@code resolved}
     * @param threshold the threshold crossed at its severity
     */
    record AlertRecord(long id, String rule, String signal, Map<String, String> labels, String severity, String status,
                       double value, double threshold, String message, Instant startedAt, Instant acknowledgedAt,
                       Instant resolvedAt) {
    }
}
