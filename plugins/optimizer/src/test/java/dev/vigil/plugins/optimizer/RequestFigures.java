package dev.vigil.plugins.optimizer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.events.RequestMinute;

/** The minute figures the requests plugin publishes for records it stores: what the optimizer counts from. */
final class RequestFigures {

    private RequestFigures() {
    }

    static List<RequestMinute> of(List<RequestEvent> events) {
        Map<List<Object>, double[]> minutes = new LinkedHashMap<>();
        for (RequestEvent e : events) {
            long minute = MinuteRow.minuteOf(e.timestamp().toEpochMilli());
            double[] f = minutes.computeIfAbsent(List.of(minute, e.service(), e.method(), e.endpoint()),
                                                 k -> new double[9]);
            f[0]++;
            if (e.status() >= 500) {
                f[2]++;
            } else if (e.status() >= 400) {
                f[1]++;
            }
            f[3] += e.durationMs();
            f[4] += e.durationMs() * e.durationMs();
            f[5] = Math.max(f[5], e.durationMs());
            if (e.queryCount() != null) {
                f[6]++;
                f[7] += e.queryCount();
                f[8] += e.queryTimeMs() == null ? 0 : e.queryTimeMs();
            }
        }
        List<RequestMinute> figures = new ArrayList<>();
        minutes.forEach((k, f) -> figures.add(new RequestMinute(
                Instant.ofEpochMilli((Long) k.get(0)), (String) k.get(1), (String) k.get(2), (String) k.get(3),
                (long) f[0], (long) f[1], (long) f[2], f[3], f[4], f[5], (long) f[6], f[7], f[8])));
        return figures;
    }

    /** The totals the optimizer keeps for these requests. */
    static MinuteRollup totals(List<RequestEvent> events) {
        return MinuteRollup.ofFigures(of(events));
    }
}
