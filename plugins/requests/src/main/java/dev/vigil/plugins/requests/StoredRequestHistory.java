package dev.vigil.plugins.requests;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.services.RequestHistory;
import dev.vigil.api.stats.LatencyHistogram;

/**
 * {@link RequestHistory} for other plugins (the optimizer trains on it, reports sum it up), read from this plugin's
 * tables.
 */
final class StoredRequestHistory implements RequestHistory {

    private final RawStore raw;
    private final FigureStore figures;

    StoredRequestHistory(RawStore raw, FigureStore figures) {
        this.raw = raw;
        this.figures = figures;
    }

    @Override
    public List<RequestEvent> requests(Instant from, Instant to, int limit) {
        return raw.sample(from.toEpochMilli(), to.toEpochMilli(), limit);
    }

    @Override
    public List<EndpointMinute> endpointMinutes(Instant from, Instant to) {
        return figures.periods(Schema.MINUTES, new TimeWindow.Range(from.toEpochMilli(), to.toEpochMilli()), null)
                .stream()
                .map(p -> new EndpointMinute(Instant.ofEpochMilli(p.start()), p.key().service(), p.key().method(),
                                             p.key().endpoint(), p.stats().count(), p.stats().clientErrors(),
                                             p.stats().serverErrors(), p.stats().avgMs(),
                                             p.stats().percentileMs(0.50), p.stats().percentileMs(0.95),
                                             p.stats().percentileMs(0.99), p.stats().maxMs()))
                .toList();
    }

    @Override
    public List<EndpointFigures> endpointFigures(Instant from, Instant to) {
        long fromMinute = Periods.floor(from.toEpochMilli(), Periods.MINUTE);
        long toMinute = Periods.ceil(to.toEpochMilli(), Periods.MINUTE);
        if (fromMinute >= toMinute) {
            return List.of();
        }
        return figures.byEndpoint(fromMinute, toMinute).entrySet().stream()
                .filter(e -> e.getValue().count() > 0)
                .sorted(Map.Entry.comparingByKey(EndpointKey.ORDER))
                .map(e -> {
                    EndpointKey key = e.getKey();
                    RequestStats stats = e.getValue();
                    return new EndpointFigures(key.service(), key.method(), key.endpoint(), stats.count(),
                                               stats.clientErrors(), stats.serverErrors(), stats.sumMs(),
                                               stats.minMs(), stats.maxMs(),
                                               LatencyHistogram.decode(stats.encodedHistogram()));
                })
                .toList();
    }
}
