package dev.vigil.plugins.optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.events.RequestEvent;

/** Adds requests up per endpoint and minute. */
final class MinuteRollup {

    private final Map<MinuteRow.MinuteKey, MinuteTotals> totals = new LinkedHashMap<>();

    void add(RequestEvent event) {
        EndpointKey key = EndpointKey.of(event.service(), event.method(), event.endpoint());
        long minute = MinuteRow.minuteOf(event.timestamp().toEpochMilli());
        totals.computeIfAbsent(new MinuteRow.MinuteKey(minute, key), k -> new MinuteTotals()).add(event);
    }

    static MinuteRollup of(List<RequestEvent> events) {
        MinuteRollup rollup = new MinuteRollup();
        events.forEach(rollup::add);
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
