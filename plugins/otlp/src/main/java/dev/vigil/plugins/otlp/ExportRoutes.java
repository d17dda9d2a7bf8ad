package dev.vigil.plugins.otlp;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import dev.vigil.api.ServiceLookup;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.IngestAllowance;
import dev.vigil.api.services.ErrorIngest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * {@code POST /v1/traces}, {@code /v1/metrics} and {@code /v1/logs}: read the export within the limits, decode it
 * (protobuf or JSON), hand it on, and answer with the Export*ServiceResponse whose {@code partial_success} counts
 * and explains what was refused.
 */
final class ExportRoutes {

    private final Supplier<OtlpConfig> config;
    private final Supplier<AttributeReader> attributes;
    private final OtlpJson json;
    private final ExportAnswers answers;
    private final TracePipeline traces;
    private final MetricSignals metrics;
    private final ExposedMetrics exposed;
    private final ServiceLookup services;
    private final IntakeStats stats;
    private final Clock clock;

    ExportRoutes(Supplier<OtlpConfig> config, Supplier<AttributeReader> attributes, OtlpJson json,
                 ExportAnswers answers, TracePipeline traces, MetricSignals metrics, ExposedMetrics exposed,
                 ServiceLookup services, IntakeStats stats, Clock clock) {
        this.config = config;
        this.attributes = attributes;
        this.json = json;
        this.answers = answers;
        this.traces = traces;
        this.metrics = metrics;
        this.exposed = exposed;
        this.services = services;
        this.stats = stats;
        this.clock = clock;
    }

    void traces(ServerRequest request, ServerResponse response) {
        ExportBody body = ExportBody.read(request, config.get());
        ExportTraceServiceRequest export = decode(body, ExportTraceServiceRequest.parser(),
                                                  ExportTraceServiceRequest.newBuilder(), "ExportTraceServiceRequest");
        charge(request, ExportRecords.spans(export));
        byte[] protobuf = body.encoding() == Encoding.PROTOBUF ? body.bytes() : export.toByteArray();
        TracePipeline.Accepted accepted = traces.accept(export, protobuf);
        ExportTraceServiceResponse.Builder answer = ExportTraceServiceResponse.newBuilder();
        if (accepted.rejected() > 0) {
            answer.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(accepted.rejected())
                                             .setErrorMessage(accepted.message()));
        }
        answers.send(response, body.encoding(), answer.build());
    }

    void metrics(ServerRequest request, ServerResponse response) {
        ExportBody body = ExportBody.read(request, config.get());
        ExportMetricsServiceRequest export = decode(body, ExportMetricsServiceRequest.parser(),
                                                    ExportMetricsServiceRequest.newBuilder(),
                                                    "ExportMetricsServiceRequest");
        charge(request, ExportRecords.points(export));
        MetricSignals.Result result = metrics.publish(export, attributes.get());
        ExposedMetrics.Result shown = exposed.expose(export, attributes.get());
        stats.add("metric_exports", 1);
        stats.add("metric_points", result.points());
        stats.add("metric_points_refused", result.rejected());
        stats.refused("metric points", result.reasons());
        List<String> messages = new ArrayList<>();
        if (!result.reasons().isEmpty()) {
            messages.add(describe(result.reasons(), "point", "refused"));
        }
        if (!shown.leftOut().isEmpty()) {
            // Taken as signals all the same: a warning in partial_success, not a rejection.
            messages.add("not on /metrics: " + describe(shown.leftOut(), "point", "left out"));
        }
        ExportMetricsServiceResponse.Builder answer = ExportMetricsServiceResponse.newBuilder();
        if (!messages.isEmpty()) {
            answer.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                                             .setRejectedDataPoints(result.rejected())
                                             .setErrorMessage(String.join("; ", messages)));
        }
        answers.send(response, body.encoding(), answer.build());
    }

    void logs(ServerRequest request, ServerResponse response) {
        OtlpConfig settings = config.get();
        ExportBody body = ExportBody.read(request, settings);
        ExportLogsServiceRequest export = decode(body, ExportLogsServiceRequest.parser(),
                                                 ExportLogsServiceRequest.newBuilder(), "ExportLogsServiceRequest");
        charge(request, ExportRecords.logRecords(export));
        LogErrors.Result result = LogErrors.read(export, settings.timestampWindow(clock.instant()), attributes.get(),
                                                 traces.recent());
        int rejected = result.rejected();
        List<String> messages = new ArrayList<>();
        if (!result.reasons().isEmpty()) {
            messages.add(describe(result.reasons(), "log record", "refused"));
        }
        if (!result.errors().isEmpty()) {
            Optional<ErrorIngest> errors = services.find(ErrorIngest.class);
            if (errors.isEmpty()) {
                rejected += result.errors().size();
                stats.add("log_errors_refused_errors_stopped", result.errors().size());
                messages.add("plugin 'errors' is not running: " + result.errors().size()
                                     + " ERROR log records were not stored");
            } else {
                int stored = errors.get().store(result.errors(), settings.handoffTimeout());
                stats.add("errors_handed", stored);
                int skipped = result.errors().size() - stored;
                if (skipped > 0) {
                    // The errors plugin applies its own retention to the times: what it skips is refused here.
                    rejected += skipped;
                    stats.add("errors_refused_by_owner", skipped);
                    messages.add("plugin 'errors' refused " + skipped + " ERROR log records: time outside its "
                                         + "retention or clock-skew allowance");
                }
            }
        }
        stats.add("log_exports", 1);
        stats.add("log_records_below_error", result.belowError());
        stats.add("log_records_refused", rejected);
        stats.refused("log records", result.reasons());
        ExportLogsServiceResponse.Builder answer = ExportLogsServiceResponse.newBuilder();
        if (rejected > 0) {
            answer.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected)
                                             .setErrorMessage(String.join("; ", messages)));
        }
        answers.send(response, body.encoding(), answer.build());
    }

    /** Charges the token's records per second before anything of the export is kept. */
    private static void charge(ServerRequest request, long records) {
        IngestAllowance.of(request).chargeRecords(records);
    }

    private <M extends Message> M decode(ExportBody body, Parser<M> parser, Message.Builder builder, String type) {
        if (body.encoding() == Encoding.JSON) {
            @SuppressWarnings("unchecked")
            M message = (M) json.parse(body.bytes(), builder).build();
            return message;
        }
        try {
            return parser.parseFrom(body.bytes());
        } catch (InvalidProtocolBufferException e) {
            stats.add("exports_malformed", 1);
            throw new ApiException(400, "malformed_export", "the body is not a protobuf " + type + ": "
                    + e.getMessage());
        }
    }

    private static String describe(Map<String, Integer> reasons, String what, String verb) {
        List<String> parts = new ArrayList<>();
        reasons.forEach((reason, count) -> parts.add(count + " " + what + (count == 1 ? "" : "s") + " " + verb + ": "
                                                          + reason));
        return String.join("; ", parts);
    }
}
