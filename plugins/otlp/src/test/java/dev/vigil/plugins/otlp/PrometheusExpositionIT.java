package dev.vigil.plugins.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.vigil.testkit.ScrapedMetrics;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

/**
 * An application's metrics, exported by the OpenTelemetry Java SDK (1.68, http/protobuf), on Vigil's
 * {@code /metrics} as an OTLP→Prometheus bridge shows them: {@code otel_} names in base units, counters, gauges and
 * histograms with the application's own buckets, cumulative whatever the temporality, and nothing promtool objects to.
 */
class PrometheusExpositionIT {

    private static final Resource SHOP = Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "shop")));
    private static final AttributeKey<String> PAYMENT = AttributeKey.stringKey("payment.method");

    @Test
    void aCounterAnUpDownCounterAGaugeAndAHistogramAreOnMetricsInBaseUnits() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            SdkMeterProvider metering = metering(server, AggregationTemporalitySelector.alwaysCumulative());
            Meter meter = metering.get("shop.checkout");
            LongCounter orders = meter.counterBuilder("orders.placed").setUnit("{order}").build();
            LongUpDownCounter waiting = meter.upDownCounterBuilder("jobs.waiting").setUnit("{job}").build();
            meter.gaugeBuilder("cache.fill").setUnit("1").buildWithCallback(gauge -> gauge.record(
                    0.42, Attributes.of(AttributeKey.stringKey("cache"), "products")));
            DoubleHistogram checkout = meter.histogramBuilder("checkout.duration").setUnit("ms")
                    .setExplicitBucketBoundariesAdvice(List.of(10.0, 100.0, 1000.0)).build();

            orders.add(2, Attributes.of(PAYMENT, "card"));
            orders.add(1, Attributes.of(PAYMENT, "card"));
            orders.add(4, Attributes.of(PAYMENT, "invoice"));
            waiting.add(5);
            waiting.add(-3);
            for (double ms : new double[] {5, 50, 50, 500, 5000}) {
                checkout.record(ms);
            }
            export(metering);
            // A second cumulative export repeats the totals so far: /metrics must not add them twice.
            orders.add(1, Attributes.of(PAYMENT, "card"));
            checkout.record(50);
            export(metering);

            ScrapedMetrics scraped = ScrapedMetrics.of(server);
            String metrics = scraped.text();
            assertTrue(metrics.contains("# TYPE otel_orders_placed_total counter"), metrics);
            assertEquals(4.0,
                         value(metrics, "otel_orders_placed_total{payment_method=\"card\",service=\"shop\"}"), 1e-9);
            assertEquals(4.0,
                         value(metrics, "otel_orders_placed_total{payment_method=\"invoice\",service=\"shop\"}"), 1e-9);
            assertTrue(metrics.contains("# TYPE otel_jobs_waiting gauge"), metrics);
            assertEquals(2.0, value(metrics, "otel_jobs_waiting{service=\"shop\"}"), 1e-9);
            assertTrue(metrics.contains("# TYPE otel_cache_fill_ratio gauge"), metrics);
            assertEquals(0.42, value(metrics, "otel_cache_fill_ratio{cache=\"products\",service=\"shop\"}"), 1e-9);
            assertTrue(metrics.contains("# TYPE otel_checkout_duration_seconds histogram"), metrics);
            assertEquals(1,
                         value(metrics, "otel_checkout_duration_seconds_bucket{service=\"shop\",le=\"0.01\"}"), 1e-9);
            assertEquals(4, value(metrics, "otel_checkout_duration_seconds_bucket{service=\"shop\",le=\"0.1\"}"), 1e-9);
            assertEquals(5, value(metrics, "otel_checkout_duration_seconds_bucket{service=\"shop\",le=\"1.0\"}"), 1e-9);
            assertEquals(6,
                         value(metrics, "otel_checkout_duration_seconds_bucket{service=\"shop\",le=\"+Inf\"}"), 1e-9);
            assertEquals(6, value(metrics, "otel_checkout_duration_seconds_count{service=\"shop\"}"), 1e-9);
            assertEquals(5.655, value(metrics, "otel_checkout_duration_seconds_sum{service=\"shop\"}"), 1e-9);
            scraped.assertPromtoolFindsNothing();
            metering.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deltaExportsAreAddedUpIntoCumulativeCountersAndHistograms() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            SdkMeterProvider metering = metering(server, AggregationTemporalitySelector.deltaPreferred());
            Meter meter = metering.get("shop.checkout");
            LongCounter orders = meter.counterBuilder("orders.placed").build();
            DoubleHistogram size = meter.histogramBuilder("basket.size").setUnit("By")
                    .setExplicitBucketBoundariesAdvice(List.of(1024.0)).build();
            orders.add(3);
            size.record(100);
            export(metering);
            orders.add(2);
            size.record(2000);
            export(metering);

            ScrapedMetrics scraped = ScrapedMetrics.of(server);
            String metrics = scraped.text();
            assertEquals(5.0, value(metrics, "otel_orders_placed_total{service=\"shop\"}"), 1e-9);
            assertEquals(1, value(metrics, "otel_basket_size_bytes_bucket{service=\"shop\",le=\"1024.0\"}"), 1e-9);
            assertEquals(2, value(metrics, "otel_basket_size_bytes_count{service=\"shop\"}"), 1e-9);
            assertEquals(2100.0, value(metrics, "otel_basket_size_bytes_sum{service=\"shop\"}"), 1e-9);
            scraped.assertPromtoolFindsNothing();
            metering.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void pointsThatDoNotFitTheirFamilyOrTheCapsAreLeftOutAndCounted() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("otlp", "prometheus:\n  max-families: 2\n  max-series: 3\n").start()) {
            SdkMeterProvider metering = metering(server, AggregationTemporalitySelector.alwaysCumulative());
            Meter meter = metering.get("shop.checkout");
            LongCounter orders = meter.counterBuilder("orders.placed").build();
            orders.add(1, Attributes.of(PAYMENT, "card"));
            meter.counterBuilder("refunds").build().add(1);
            export(metering);
            // The family was registered with the labels payment_method and service: a point with one more is left
            // out; so are a third family and a fourth series.
            orders.add(1, Attributes.of(PAYMENT, "card", AttributeKey.stringKey("coupon"), "spring"));
            meter.counterBuilder("returns").build().add(1);
            orders.add(1, Attributes.of(PAYMENT, "invoice"));
            orders.add(1, Attributes.of(PAYMENT, "cash"));
            export(metering);

            ScrapedMetrics scraped = ScrapedMetrics.of(server);
            String metrics = scraped.text();
            assertEquals(1.0,
                         value(metrics, "otel_orders_placed_total{payment_method=\"card\",service=\"shop\"}"), 1e-9);
            assertFalse(metrics.contains("coupon"), metrics);
            assertFalse(metrics.contains("otel_returns"), metrics);
            JsonNode status = server.get("/api/v1/otlp/status", server.viewerToken()).json().get("prometheus");
            assertEquals(2, status.get("families").asInt(), status.toString());
            assertEquals(3, status.get("series").asInt(), status.toString());
            assertEquals(1, status.at("/dropped/label keys differ from the family's").asInt(), status.toString());
            assertTrue(status.at("/dropped/more families than prometheus.max-families").asInt() >= 1,
                       status.toString());
            assertTrue(status.at("/dropped/more series than prometheus.max-series").asInt() >= 1, status.toString());
            scraped.assertPromtoolFindsNothing();
            metering.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /** The value of one series in the text format, failing when it is not there. */
    private static double value(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        throw new AssertionError(series + " is not on /metrics:\n" + metrics);
    }

    private static SdkMeterProvider metering(TestServer server, AggregationTemporalitySelector temporality) {
        return SdkMeterProvider.builder().setResource(SHOP)
                .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                        .setEndpoint(server.uri("/v1/metrics").toString())
                        .setAggregationTemporalitySelector(temporality)
                        .addHeader("Authorization", "Bearer " + server.ingestToken()).build()).build())
                .build();
    }

    /** The export is answered once its points are on /metrics. */
    private static void export(SdkMeterProvider metering) {
        assertTrue(metering.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    }
}
