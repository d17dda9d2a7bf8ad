package dev.vigil.plugins.optimizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How each endpoint's latency moves with its query count and with host CPU, from sampled requests: least-squares
 * lines and their correlations.
 */
final class EndpointAnalysis {

    /** One endpoint's figures. Lines are fitted over requests where the input is known. */
    record Figures(EndpointKey key, int samples, double meanMs, Stats.Line queries, double queriesMean,
                   double queriesP10, double queriesP90, double queriesMax, Stats.Line cpu, double cpuP10,
                   double cpuP90) {
    }

    private EndpointAnalysis() {
    }

    static List<Figures> analyse(List<RequestSample> samples, ResourceTimeline resources) {
        Map<EndpointKey, List<RequestSample>> byEndpoint = new LinkedHashMap<>();
        samples.forEach(sample -> byEndpoint.computeIfAbsent(sample.key(), k -> new ArrayList<>()).add(sample));
        List<Figures> figures = new ArrayList<>();
        byEndpoint.forEach((key, list) -> {
            int n = list.size();
            double[] ms = new double[n];
            double[] queries = new double[n];
            double[] cpu = new double[n];
            for (int i = 0; i < n; i++) {
                RequestSample sample = list.get(i);
                ms[i] = sample.durationMs();
                queries[i] = sample.queryCount() == null ? Double.NaN : sample.queryCount();
                cpu[i] = resources.cpuAt(sample.startedAt());
            }
            double max = Arrays.stream(queries).filter(q -> !Double.isNaN(q)).max().orElse(Double.NaN);
            figures.add(new Figures(key, n, Stats.mean(ms), Stats.line(queries, ms), Stats.mean(queries),
                                    Stats.quantile(queries, 0.1), Stats.quantile(queries, 0.9), max,
                                    Stats.line(cpu, ms), Stats.quantile(cpu, 0.1), Stats.quantile(cpu, 0.9)));
        });
        return figures;
    }
}
