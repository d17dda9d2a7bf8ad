package dev.vigil.plugins.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** How many records an export holds, as the token's records-per-second limit counts them: spans, points, logs. */
final class ExportRecords {

    private ExportRecords() {
    }

    static long spans(ExportTraceServiceRequest export) {
        return export.getResourceSpansList().stream().flatMap(resource -> resource.getScopeSpansList().stream())
                .mapToLong(scope -> scope.getSpansCount()).sum();
    }

    static long points(ExportMetricsServiceRequest export) {
        return export.getResourceMetricsList().stream()
                .flatMap(resource -> resource.getScopeMetricsList().stream())
                .flatMap(scope -> scope.getMetricsList().stream()).mapToLong(MetricSignals::pointCount).sum();
    }

    static long logRecords(ExportLogsServiceRequest export) {
        return export.getResourceLogsList().stream().flatMap(resource -> resource.getScopeLogsList().stream())
                .mapToLong(scope -> scope.getLogRecordsCount()).sum();
    }
}
