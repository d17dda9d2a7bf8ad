package dev.vigil.kernel.metrics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import dev.vigil.api.metrics.CountedHistogram;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import org.junit.jupiter.api.Test;

class CountedHistogramFamilyTest {

    @Test
    void bucketCountsAddUpAcrossCallsAndAreWrittenCumulativeWithSumAndCount() throws Exception {
        MetricsHub hub = new MetricsHub();
        CountedHistogram latency = hub.forPlugin("otlp").countedHistogram(
                "otel_checkout_duration_seconds", "Checkout time.", new double[] {0.1, 1}, "service");
        latency.add(new long[] {3, 2, 1}, 4.5, "shop");
        latency.add(new long[] {1, 0, 0}, 0.05, "shop");

        String text = scrape(hub);
        assertTrue(text.contains("# TYPE otel_checkout_duration_seconds histogram"), text);
        assertTrue(text.contains("otel_checkout_duration_seconds_bucket{service=\"shop\",le=\"0.1\"} 4\n"), text);
        assertTrue(text.contains("otel_checkout_duration_seconds_bucket{service=\"shop\",le=\"1.0\"} 6\n"), text);
        assertTrue(text.contains("otel_checkout_duration_seconds_bucket{service=\"shop\",le=\"+Inf\"} 7\n"), text);
        assertTrue(text.contains("otel_checkout_duration_seconds_count{service=\"shop\"} 7\n"), text);
        assertTrue(text.contains("otel_checkout_duration_seconds_sum{service=\"shop\"} 4.55\n"), text);
    }

    @Test
    void countsThatDoNotMatchTheBucketsAreRefused() {
        CountedHistogram latency = new MetricsHub().forPlugin("otlp").countedHistogram(
                "otel_checkout_duration_seconds", "Checkout time.", new double[] {0.1, 1});
        assertThrows(IllegalArgumentException.class, () -> latency.add(new long[] {1, 2}, 1));
        assertThrows(IllegalArgumentException.class, () -> latency.add(new long[] {1, -2, 0}, 1));
    }

    private static String scrape(MetricsHub hub) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, hub.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
