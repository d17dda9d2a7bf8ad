package dev.vigil.plugins.optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.events.RequestMinute;

/**
 * Adds requests up per endpoint and minute. Records of one endpoint and minute usually come one after the other
 * (a batch of one application, a burst on one route): they skip the map.
 */
final class MinuteRollup {

    private final Map<MinuteRow.MinuteKey, MinuteTotals> totals = new LinkedHashMap<>();
    private String lastService;
    private String lastMethod;
    private String lastEndpoint;
    private long lastMinute = Long.MIN_VALUE;
    private MinuteTotals last;

    void add(RequestEvent event) {
        long minute = MinuteRow.minuteOf(event.timestamp().toEpochMilli());
        if (minute != lastMinute || !event.endpoint().equals(lastEndpoint) || !event.method().equals(lastMethod)
                || !event.service().equals(lastService)) {
            EndpointKey key = EndpointKey.of(event.service(), event.method(), event.endpoint());
            last = totals.computeIfAbsent(new MinuteRow.MinuteKey(minute, key), k -> new MinuteTotals());
            lastMinute = minute;
            lastService = event.service();
            lastMethod = event.method();
            lastEndpoint = event.endpoint();
        }
        last.add(event);
    }

    /** Every request of the events (a history read back, tests). */
    static MinuteRollup of(List<RequestEvent> events) {
        MinuteRollup rollup = new MinuteRollup();
        events.forEach(rollup::add);
        return rollup;
    }

    /** The totals of minute figures as published: what the intake counts. */
    static MinuteRollup ofFigures(List<RequestMinute> figures) {
        MinuteRollup rollup = new MinuteRollup();
        for (RequestMinute minute : figures) {
            EndpointKey key = EndpointKey.of(minute.service(), minute.method(), minute.endpoint());
            rollup.totals.computeIfAbsent(new MinuteRow.MinuteKey(MinuteRow.minuteOf(minute.minute().toEpochMilli()),
                                                                  key), k -> new MinuteTotals()).add(minute);
        }
        return rollup;
    }

    List<MinuteRow> rows() {
        List<MinuteRow> rows = new ArrayList<>(totals.size());
        totals.forEach((key, value) -> rows.add(new MinuteRow(key.minuteAt(), key.key(), value)));
        return rows;
    }

    boolean isEmpty() {
        return totals.isEmpty();
    }
}
