package dev.vigil.plugins.alerts;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.Signals;
import dev.vigil.api.storage.Storage;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Per-minute summaries (average, min, max, count) of the configured signals, kept in alerts_signal_minutes. The
 * kernel keeps only a bounded recent history in memory (2880 points per series by default); trends and baselines
 * over longer spans read these minutes instead. Only complete minutes are written, each once.
 */
final class SignalArchive {

    /** One stored minute. */
    record Minute(Instant minute, double avg, double min, double max, int points) {
    }

    private final Storage storage;
    private final Signals signals;
    private final LiveConfig<AlertsConfig> config;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final System.Logger log;
    private Instant archivedUntil;
    /** Signals reported over their series limit, with the limit they were reported over. */
    private final Map<String, Integer> overLimit = new HashMap<>();

    SignalArchive(Storage storage, Signals signals, LiveConfig<AlertsConfig> config, ObjectMapper mapper, Clock clock,
                  System.Logger log) {
        this.storage = storage;
        this.signals = signals;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
        this.log = log;
    }

    /** Summarises the complete minutes not yet archived; answers the number of minutes written. */
    synchronized int archive() throws SQLException {
        AlertsConfig.Archive settings = config.get().archive();
        if (!settings.enabled()) {
            return 0;
        }
        Instant until = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        if (archivedUntil == null) {
            archivedUntil = storage.db().execute().get("SELECT MAX(minute) AS m FROM alerts_signal_minutes")
                    .map(row -> row.column("m").get(Number.class))
                    .map(n -> Instant.ofEpochMilli(n.longValue()).plus(1, ChronoUnit.MINUTES))
                    .orElse(Instant.EPOCH);
        }
        Instant from = archivedUntil;
        if (!from.isBefore(until)) {
            return 0;
        }
        List<Object[]> rows = new ArrayList<>();
        for (String signal : settings.signals()) {
            List<Signals.SignalSeries> all = signals.history(signal, null, from);
            reportSeriesLimit(signal, all.size(), settings.maxSeriesPerSignal());
            for (Signals.SignalSeries series : all.subList(0, Math.min(all.size(), settings.maxSeriesPerSignal()))) {
                String labels = Series.key(mapper, series.labels());
                for (Minute minute : summarise(series.points(), from, until)) {
                    rows.add(new Object[] {signal, labels, minute});
                }
            }
        }
        storage.inTransaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO alerts_signal_minutes (signal, labels, minute, avg, min, max, points) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (signal, labels, minute) DO UPDATE SET "
                            + "avg = excluded.avg, min = excluded.min, max = excluded.max, points = excluded.points")) {
                for (Object[] row : rows) {
                    Minute minute = (Minute) row[2];
                    upsert.setString(1, (String) row[0]);
                    upsert.setString(2, (String) row[1]);
                    upsert.setLong(3, minute.minute().toEpochMilli());
                    upsert.setDouble(4, minute.avg());
                    upsert.setDouble(5, minute.min());
                    upsert.setDouble(6, minute.max());
                    upsert.setInt(7, minute.points());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
        archivedUntil = until;
        return rows.size();
    }

    /**
     * Logs when a signal goes over the series limit (or over a changed limit) and when it is back within: the archive
     * runs every minute, and the same warning every minute would bury the rest of the log.
     */
    private void reportSeriesLimit(String signal, int series, int limit) {
        Integer reportedLimit = overLimit.get(signal);
        if (series > limit && (reportedLimit == null || reportedLimit != limit)) {
            overLimit.put(signal, limit);
            log.log(System.Logger.Level.WARNING, "signal {0} has {1} series; only the first {2} are archived "
                    + "(archive.max-series-per-signal); said again only when this changes", signal, series, limit);
        } else if (series <= limit && reportedLimit != null) {
            overLimit.remove(signal);
            log.log(System.Logger.Level.INFO, "signal {0} has {1} series, within archive.max-series-per-signal "
                    + "({2}): all are archived again", signal, series, limit);
        }
    }

    /** Groups points of [from, until) by minute. */
    static List<Minute> summarise(List<Signals.Point> points, Instant from, Instant until) {
        Map<Instant, List<Double>> byMinute = new TreeMap<>();
        for (Signals.Point point : points) {
            if (point.time().isBefore(from) || !point.time().isBefore(until)) {
                continue;
            }
            byMinute.computeIfAbsent(point.time().truncatedTo(ChronoUnit.MINUTES), m -> new ArrayList<>())
                    .add(point.value());
        }
        List<Minute> minutes = new ArrayList<>();
        byMinute.forEach((minute, values) -> {
            double[] array = values.stream().mapToDouble(Double::doubleValue).toArray();
            minutes.add(new Minute(minute, Statistics.mean(array), java.util.Arrays.stream(array).min().orElseThrow(),
                                   java.util.Arrays.stream(array).max().orElseThrow(), array.length));
        });
        return minutes;
    }

    /** Stored minute averages of [from, to) per label set, for series the matchers accept. */
    Map<Map<String, String>, List<Signals.Point>> minutes(String signal, Map<String, String> matchers, Instant from,
                                                         Instant to) {
        Map<Map<String, String>, List<Signals.Point>> bySeries = new LinkedHashMap<>();
        storage.db().execute().query("SELECT labels, minute, avg FROM alerts_signal_minutes WHERE signal = ? "
                                             + "AND minute >= ? AND minute < ? ORDER BY labels, minute",
                                     signal, from.toEpochMilli(), to.toEpochMilli())
                .forEach(row -> {
                    Map<String, String> labels = Series.parse(mapper, row.column("labels").getString());
                    if (LabelMatchers.matches(matchers, labels)) {
                        bySeries.computeIfAbsent(labels, l -> new ArrayList<>()).add(new Signals.Point(
                                AlertStore.instant(row, "minute"), row.column("avg").get(Number.class).doubleValue()));
                    }
                });
        return bySeries;
    }

    long deleteBefore(Instant before) {
        return storage.db().execute().dml("DELETE FROM alerts_signal_minutes WHERE minute < ?", before.toEpochMilli());
    }
}
