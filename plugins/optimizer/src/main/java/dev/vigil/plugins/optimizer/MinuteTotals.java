package dev.vigil.plugins.optimizer;

import dev.vigil.api.events.RequestMinute;

/** Additive figures of one endpoint in one minute: they merge by addition (and max), so late records add up. */
final class MinuteTotals {

    long requests;
    long serverErrors;
    long clientErrors;
    double sumMs;
    double sumSqMs;
    double maxMs;
    long queryRequests;
    double sumQueries;
    double sumQueryMs;

    /** Figures the requests plugin counted (a part of a minute: parts add up). */
    void add(RequestMinute figures) {
        requests += figures.count();
        serverErrors += figures.serverErrors();
        clientErrors += figures.clientErrors();
        sumMs += figures.sumMs();
        sumSqMs += figures.sumSquaresMs();
        maxMs = Math.max(maxMs, figures.maxMs());
        queryRequests += figures.queriedRequests();
        sumQueries += figures.sumQueries();
        sumQueryMs += figures.sumQueryMs();
    }

    double avgMs() {
        return requests == 0 ? 0 : sumMs / requests;
    }

    double stddevMs() {
        if (requests < 2) {
            return 0;
        }
        double mean = avgMs();
        return Math.sqrt(Math.max(0, sumSqMs / requests - mean * mean));
    }

    double errorRate() {
        return requests == 0 ? 0 : (double) serverErrors / requests;
    }

    /** Mean queries per request, or NaN when no request of the minute reported its queries. */
    double avgQueries() {
        return queryRequests == 0 ? Double.NaN : sumQueries / queryRequests;
    }
}
