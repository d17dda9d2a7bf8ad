package dev.vigil.api.services;

import java.time.Instant;
import java.util.List;

/**
 * Statement figures per fingerprint over a window, offered by the query-analysis plugin while it runs (reports sum
 * them up). Vigil's own storage statements (service {@code vigil}) are left out: these are the monitored
 * applications' figures. Look it up at each use.
 */
public interface QueryFigures {

    /**
     * The minutes that overlap {@code [from, to)}: the window's totals and its fingerprints with the most total
     * time, at most {@code limit}, most first.
     */
    FingerprintWindow fingerprints(Instant from, Instant to, int limit);

    /**
     * @param statements   statements executed in the window
     * @param fingerprints distinct fingerprints in the window ({@code top} holds at most the limit of them)
     */
    record FingerprintWindow(long statements, double totalTimeMs, long fingerprints, List<FingerprintFigures> top) {
    }

    /**
     * One fingerprint over the window.
     *
     * @param id    the id the plugin's routes use ({@code /api/v1/queries/fingerprints/{id}})
     * @param text  the normalised statement (literals as {@code ?})
     * @param p95Ms by nearest rank from the window's merged histograms (within 1%)
     */
    record FingerprintFigures(String id, String text, long executions, double totalTimeMs, double avgMs,
                              double p95Ms, double maxMs) {
    }
}
