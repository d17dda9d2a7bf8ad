package dev.vigil.plugins.requests;

import java.time.Instant;
import java.util.List;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.services.RequestHistory;

/** {@link RequestHistory} for other plugins (the optimizer trains on it), read from this plugin's tables. */
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
}
