package dev.vigil.plugins.otlp;

import static dev.vigil.plugins.otlp.OtlpMessages.attribute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import dev.vigil.api.EventBus;
import dev.vigil.api.Signal;
import dev.vigil.kernel.runtime.SignalStore;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;

/** Metrics published into the kernel's real signal store, read back as alert rules and /metrics read them. */
class MetricSignalsTest {

    private static final long START = 1_800_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private final SignalStore store = new SignalStore(100, 10_000, new EventBus() {
        @Override
        public void publish(Object event) {
        }

        @Override
        public boolean hasSubscribers(Class<?> eventType) {
            return false;
        }
    });
    private OtlpConfig config = OtlpConfig.DEFAULTS;
    private final MetricSignals metrics = new MetricSignals(store, () -> config, Clock.systemUTC());
    private final AttributeReader attributes = new AttributeReader(OtlpConfig.DEFAULTS);

    @Test
    void aGaugeBecomesASignalLabelledWithServiceAndAdmittedAttributes() {
        MetricSignals.Result result = metrics.publish(export(Metric.newBuilder().setName("cache.hit_ratio")
                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsDouble(0.42)
                        .setTimeUnixNano(START).addAttributes(attribute("cache", "products"))
                        .addAttributes(attribute("session.id", "s-81723")))).build()), attributes);
        assertEquals(1, result.points());
        Signal signal = store.latest("otel.cache.hit_ratio").getFirst();
        assertEquals(0.42, signal.value(), 1e-12);
        assertEquals(Map.of("service", "shop", "cache", "products"), signal.labels(),
                         "session.id is denied: an id per series would explode the label sets");
    }

    @Test
    void aCumulativeCounterGivesItsTotalAndItsRatePerSecond() {
        metrics.publish(export(counter(START, START + 10 * SECOND, 100)), attributes);
        metrics.publish(export(counter(START, START + 20 * SECOND, 160)), attributes);
        assertEquals(160, latest("otel.http.requests.total"), 1e-9);
        assertEquals(6, latest("otel.http.requests.rate"), 1e-9, "60 more in 10 s");
    }

    @Test
    void aCumulativeHistogramGivesTheFiguresOfEachInterval() {
        metrics.publish(export(histogram(START + 10 * SECOND, 100, 2000, new long[] {50, 40, 10, 0})), attributes);
        metrics.publish(export(histogram(START + 20 * SECOND, 200, 9000, new long[] {50, 40, 10, 100})), attributes);
        assertEquals(100, latest("otel.checkout.duration.count"), 1e-9, "only the interval's observations");
        assertEquals(7000, latest("otel.checkout.duration.sum"), 1e-9);
        assertTrue(latest("otel.checkout.duration.p50") > 100, "every new observation is above 100 ms");
        assertEquals(496, latest("otel.checkout.duration.p99"), 1e-9, "interpolated between 100 and the max, 500");
    }

    @Test
    void anExponentialHistogramGivesPercentiles() {
        ExponentialHistogramDataPoint point = ExponentialHistogramDataPoint.newBuilder().setScale(0)
                .setStartTimeUnixNano(START).setTimeUnixNano(START + SECOND).setCount(10).setSum(40)
                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(1)
                                     .addBucketCounts(5).addBucketCounts(5)).build(); // (2,4] and (4,8]
        metrics.publish(export(Metric.newBuilder().setName("queue.wait").setExponentialHistogram(
                ExponentialHistogram.newBuilder().setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA).addDataPoints(point)).build()),
                        attributes);
        assertEquals(4, latest("otel.queue.wait.p50"), 1e-9);
        assertEquals(10, latest("otel.queue.wait.count"), 1e-9);
    }

    @Test
    void seriesBeyondTheCapAreRefusedAndCounted() {
        config = new OtlpConfig(OtlpConfig.DEFAULTS.maxBodyBytes(), OtlpConfig.DEFAULTS.maxDecompressedBytes(),
                                OtlpConfig.DEFAULTS.requestSpanKinds(), OtlpConfig.DEFAULTS.quietWindow(),
                                OtlpConfig.DEFAULTS.orphanWait(), OtlpConfig.DEFAULTS.maxTraceAge(),
                                OtlpConfig.DEFAULTS.maxOpenSpans(), OtlpConfig.DEFAULTS.maxSpanAge(),
                                OtlpConfig.DEFAULTS.maxClockSkew(), OtlpConfig.DEFAULTS.handoffTimeout(),
                                OtlpConfig.DEFAULTS.handoffRetryFor(), 128, 4096, List.of(),
                                OtlpConfig.DEFAULTS.traces(), new OtlpConfig.Signals(List.of(), List.of(), 3, 8),
                                OtlpConfig.DEFAULTS.prometheus());
        Gauge.Builder gauge = Gauge.newBuilder();
        for (int i = 0; i < 5; i++) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().setAsInt(i).setTimeUnixNano(START)
                                        .addAttributes(attribute("shard", "s" + i)));
        }
        MetricSignals.Result result = metrics.publish(export(Metric.newBuilder().setName("queue.depth")
                                                                     .setGauge(gauge).build()), attributes);
        assertEquals(3, result.points());
        assertEquals(2, result.rejected());
        assertTrue(result.reasons().keySet().iterator().next().contains("signals.max-series"), result.toString());
        assertEquals(3, store.latest("otel.queue.depth").size());
    }

    private double latest(String name) {
        List<Signal> signals = store.latest(name);
        assertEquals(1, signals.size(), name + ": " + signals);
        return signals.getFirst().value();
    }

    private static Metric counter(long start, long time, double value) {
        return Metric.newBuilder().setName("http.requests").setSum(Sum.newBuilder().setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(time)
                                       .setAsDouble(value))).build();
    }

    private static Metric histogram(long time, long count, double sum, long[] buckets) {
        HistogramDataPoint.Builder point = HistogramDataPoint.newBuilder().setStartTimeUnixNano(START)
                .setTimeUnixNano(time).setCount(count).setSum(sum).setMax(500)
                .addExplicitBounds(10).addExplicitBounds(50).addExplicitBounds(100);
        for (long bucket : buckets) {
            point.addBucketCounts(bucket);
        }
        return Metric.newBuilder().setName("checkout.duration").setUnit("ms").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(point)).build();
    }

    private static ExportMetricsServiceRequest export(Metric metric) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attribute("service.name", "shop")))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric))).build();
    }
}
