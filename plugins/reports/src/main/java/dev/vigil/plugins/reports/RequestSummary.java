package dev.vigil.plugins.reports;

import java.util.Comparator;
import java.util.List;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.services.RequestHistory.EndpointFigures;
import dev.vigil.api.stats.LatencyHistogram;
import dev.vigil.plugins.reports.Report.EndpointRow;
import dev.vigil.plugins.reports.Report.RequestSection;

/**
 * The request section from per-endpoint window figures: pure, no I/O. Percentiles over several endpoints come from
 * merging their histograms, never from averaging their percentiles (the p95 of a fast busy endpoint and a slow quiet
 * one is not their mean).
 */
final class RequestSummary {

    static final String PERCENTILES = "merged from the stored per-minute and per-hour duration histograms of every "
            + "endpoint in the window: within 1% of the exact value";

    private static final Comparator<EndpointRow> BY_NAME = Comparator.comparing(EndpointRow::service)
            .thenComparing(EndpointRow::endpoint).thenComparing(EndpointRow::method);
    /** Slowest first; endpoints without a p95 last. */
    static final Comparator<EndpointRow> SLOWEST = Comparator
            .comparing((EndpointRow row) -> row.p95Ms() == null ? Double.NEGATIVE_INFINITY : row.p95Ms())
            .reversed().thenComparing(Comparator.comparingLong(EndpointRow::count).reversed()).thenComparing(BY_NAME);
    static final Comparator<EndpointRow> BUSIEST = Comparator.comparingLong(EndpointRow::count).reversed()
            .thenComparing(BY_NAME);

    private RequestSummary() {
    }

    /**
     * @param seconds     the window's length, for rates
     * @param top         slowest endpoints listed
     * @param allRowsCap  every endpoint up to this many (detailed), or null for none (summary)
     */
    static RequestSection of(List<EndpointFigures> figures, double seconds, int top, Integer allRowsCap) {
        List<EndpointFigures> monitored = figures.stream()
                .filter(f -> !RequestEvent.OWN_SERVICE.equals(f.service()) && f.count() > 0).toList();
        LatencyHistogram merged = new LatencyHistogram();
        long total = 0;
        long clientErrors = 0;
        long serverErrors = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (EndpointFigures f : monitored) {
            merged.merge(f.histogram());
            total += f.count();
            clientErrors += f.clientErrors();
            serverErrors += f.serverErrors();
            sum += f.sumMs();
            min = Math.min(min, f.minMs());
            max = Math.max(max, f.maxMs());
        }
        List<EndpointRow> rows = monitored.stream().map(f -> row(f, seconds)).toList();
        boolean any = total > 0;
        return new RequestSection(total, Round.rate(total / seconds), any ? Round.ms(sum / total) : null,
                                  percentile(merged, 0.50, min, max), percentile(merged, 0.95, min, max),
                                  percentile(merged, 0.99, min, max), any ? Round.ms(max) : null, clientErrors,
                                  serverErrors, percentOf(clientErrors, total), percentOf(serverErrors, total),
                                  rows.size(), false, PERCENTILES,
                                  rows.stream().sorted(SLOWEST).limit(top).toList(),
                                  allRowsCap == null ? null : rows.stream().sorted(BUSIEST).limit(allRowsCap).toList());
    }

    static EndpointRow row(EndpointFigures f, double seconds) {
        boolean any = f.count() > 0;
        return new EndpointRow(f.service(), f.method(), f.endpoint(), f.count(), Round.rate(f.count() / seconds),
                               any ? Round.ms(f.sumMs() / f.count()) : null,
                               percentile(f.histogram(), 0.50, f.minMs(), f.maxMs()),
                               percentile(f.histogram(), 0.95, f.minMs(), f.maxMs()),
                               percentile(f.histogram(), 0.99, f.minMs(), f.maxMs()), any ? Round.ms(f.maxMs()) : null,
                               f.clientErrors(), f.serverErrors(), percentOf(f.clientErrors(), f.count()),
                               percentOf(f.serverErrors(), f.count()));
    }

    /**
     * The histogram's quantile (rank {@code q * (n - 1)}, as the request plugin's own figures), held within the exact
     * min and max; null when empty.
     */
    static Double percentile(LatencyHistogram histogram, double q, double min, double max) {
        if (histogram.count() == 0) {
            return null;
        }
        return Round.ms(Math.max(min, Math.min(max, histogram.quantile(q))));
    }

    static double percentOf(long part, long total) {
        return total == 0 ? 0 : Round.percent(100.0 * part / total);
    }
}
