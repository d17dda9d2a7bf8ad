package dev.vigil.plugins.queries;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.api.http.Ranges;

/**
 * This minute's figures per service, counted as statements are stored and requests analysed, drained by the
 * signal task once a minute. Services seen before keep being reported (with zeros) so that a series stays current;
 * the most recent {@link #MAX_SERVICES} are remembered. Thread-safe.
 */
final class MinuteCounters {

    static final int MAX_SERVICES = 1_000;

    /** One service's figures for one minute. */
    static final class Figures {
        long statements;
        double totalMs;
        long slow;
        long requests;
        long requestQueries;
        long flaggedRequests;

        double avgMs() {
            return statements == 0 ? 0 : totalMs / statements;
        }

        double queriesPerRequest() {
            return requests == 0 ? 0 : (double) requestQueries / requests;
        }
    }

    private Map<String, Figures> current = new TreeMap<>();
    private final LinkedHashSet<String> known = new LinkedHashSet<>();

    synchronized void statements(List<Statement> statements) {
        for (Statement statement : statements) {
            Figures figures = figures(statement.service());
            figures.statements++;
            figures.totalMs = Ranges.addFinite(figures.totalMs, statement.durationMs());
            if (statement.slow()) {
                figures.slow++;
            }
        }
    }

    synchronized void request(String service, int queries, boolean flagged) {
        Figures figures = figures(service);
        figures.requests++;
        figures.requestQueries += queries;
        if (flagged) {
            figures.flaggedRequests++;
        }
    }

    private Figures figures(String service) {
        if (known.remove(service) || known.size() < MAX_SERVICES) {
            known.add(service);
        } else {
            known.remove(known.iterator().next());
            known.add(service);
        }
        return current.computeIfAbsent(service, s -> new Figures());
    }

    /** The minute's figures per known service (zeros for quiet ones), and a fresh minute begins. */
    synchronized Map<String, Figures> drain() {
        Map<String, Figures> minute = current;
        current = new TreeMap<>();
        for (String service : new ArrayList<>(known)) {
            minute.computeIfAbsent(service, s -> new Figures());
        }
        return minute;
    }
}
