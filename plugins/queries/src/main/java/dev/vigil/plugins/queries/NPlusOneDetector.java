package dev.vigil.plugins.queries;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds, in one request, the fingerprints that ran at least {@code minRepeats} times (pure logic):
 * <ul>
 *   <li>with at least two different value sets: an N+1 (a list query, then one query per row);</li>
 *   <li>with one value set run {@code minRepeats} times or more: a repeated identical statement, which a cache
 *       would save. One shape can show both: a loop over rows where several rows share a parent.</li>
 * </ul>
 * Runs whose values are unknown (placeholders without reported parameters) count as different values: they
 * show the N+1 shape, but cannot prove a repeat identical.
 */
final class NPlusOneDetector {

    private NPlusOneDetector() {
    }

    static List<Finding> findings(RequestQueries request, int minRepeats) {
        List<Finding> findings = new ArrayList<>();
        for (RequestQueries.Shape shape : request.shapes()) {
            if (shape.count() < minRepeats) {
                continue;
            }
            if (shape.distinctValues() >= 2) {
                findings.add(new Finding(Finding.Kind.N_PLUS_ONE, shape.fingerprint(), shape.example(),
                                         shape.count(), shape.totalMs()));
            }
            RequestQueries.Repeat most = shape.mostRepeated();
            if (most != null && most.count() >= minRepeats) {
                findings.add(new Finding(Finding.Kind.REPEATED_IDENTICAL, shape.fingerprint(),
                                         most.example() == null ? shape.example() : most.example(), most.count(),
                                         most.totalMs()));
            }
        }
        findings.sort(Comparator.comparingDouble(Finding::timeMs).reversed());
        return findings;
    }
}
