package dev.vigil.plugins.optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.events.RequestMinute;

/** Adds the requests plugin's minute figures up per endpoint and minute: the optimizer's per-minute totals. */
final class MinuteRollup {

    private final Map<MinuteRow.MinuteKey, MinuteTotals> totals = new LinkedHashMap<>();

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
