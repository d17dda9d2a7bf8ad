package dev.vigil.plugins.otlp;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import dev.vigil.api.Jobs;
import dev.vigil.api.ServiceLookup;
import dev.vigil.api.http.ApiException;
import dev.vigil.api.services.ErrorIngest;
import dev.vigil.api.services.QueryIngest;
import dev.vigil.api.services.RequestIngest;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * The path of spans: accepted into the inbox (durable before the exporter hears 2xx), assembled by trace, mapped,
 * and handed to the owning plugins; the inbox row goes once all its spans have been handed over.
 */
final class TracePipeline {

    /** What an export gave: spans taken, spans refused (whole or in part), and a message saying why. */
    record Accepted(int spans, int rejected, String message) {
    }

    /** Spans assembled and handed over in one round at most: a quarter of a second's worth at full speed. */
    static final int SPANS_PER_HANDOFF = 20_000;

    private final Supplier<OtlpConfig> config;
    private final Supplier<AttributeReader> attributes;
    private final Inbox inbox;
    private final InboxLedger ledger = new InboxLedger();
    private final TraceAssembler assembler = new TraceAssembler();
    private final RecentTraces recent;
    private final Handoff handoff;
    private final ServiceLookup services;
    private final IntakeStats stats;
    private final Clock clock;
    private final System.Logger log;

    TracePipeline(Supplier<OtlpConfig> config, Supplier<AttributeReader> attributes, Inbox inbox, RecentTraces recent,
                  Handoff handoff, ServiceLookup services, IntakeStats stats, Clock clock, System.Logger log) {
        this.config = config;
        this.attributes = attributes;
        this.inbox = inbox;
        this.recent = recent;
        this.handoff = handoff;
        this.services = services;
        this.stats = stats;
        this.clock = clock;
        this.log = log;
    }

    /**
     * Accepts the valid spans of an export and returns once they are durable.
     *
     * @param protobuf the export encoded as protobuf, as the inbox keeps it
     * @throws ApiException 503 with Retry-After when Vigil holds too many spans or cannot store now
     */
    Accepted accept(ExportTraceServiceRequest export, byte[] protobuf) {
        OtlpConfig settings = config.get();
        if (assembler.openSpans() >= settings.maxOpenSpans()) {
            stats.add("exports_refused_full", 1);
            throw ApiException.overloaded("Vigil holds " + assembler.openSpans() + " spans waiting for their traces "
                                                  + "to complete (max-open-spans); retry shortly", 2);
        }
        int refused = refusedParts();
        long id = Inbox.newId();
        Instant now = clock.instant();
        SpanReader.Batch batch = new SpanReader(attributes.get(), settings).read(export, now, refused, id);
        stats.add("exports", 1);
        stats.add("spans_invalid", batch.rejected());
        stats.refused("spans", batch.reasons());
        Map<Integer, Integer> partlyRefused = new LinkedHashMap<>();
        int spansWithRefusedPart = 0;
        for (SpanRecord span : batch.spans()) {
            int lost = parts(span, settings) & refused;
            if (lost != 0) {
                spansWithRefusedPart++;
            }
            for (int part : new int[] {Parts.REQUESTS, Parts.QUERIES, Parts.ERRORS}) {
                if ((lost & part) != 0) {
                    partlyRefused.merge(part, 1, Integer::sum);
                }
            }
        }
        if (!batch.spans().isEmpty()) {
            inbox.store(new Inbox.Entry(id, now.toEpochMilli(), refused, protobuf), settings.handoffTimeout());
            assemble(id, batch.spans(), settings);
        }
        stats.add("spans_accepted", batch.spans().size());
        partlyRefused.forEach((part, count) -> stats.add("spans_refused_" + Parts.owner(part) + "_stopped", count));
        return new Accepted(batch.spans().size(), batch.rejected() + spansWithRefusedPart,
                            message(batch, partlyRefused));
    }

    /** Counts the spans of an inbox row as on their way, and holds them for assembly. */
    private void assemble(long inboxId, List<SpanRecord> spans, OtlpConfig settings) {
        ledger.opened(inboxId, spans.size());
        assembler.add(spans, clock.millis(), settings.requestSpanKinds());
    }

    /** The parts whose owning plugin is not running now. */
    private int refusedParts() {
        int refused = 0;
        if (services.find(RequestIngest.class).isEmpty()) {
            refused |= Parts.REQUESTS;
        }
        if (services.find(QueryIngest.class).isEmpty()) {
            refused |= Parts.QUERIES;
        }
        if (services.find(ErrorIngest.class).isEmpty()) {
            refused |= Parts.ERRORS;
        }
        return refused;
    }

    /** The parts a span turns into. */
    private static int parts(SpanRecord span, OtlpConfig settings) {
        int parts = 0;
        if (settings.requestSpanKinds().contains(span.kind())) {
            parts |= Parts.REQUESTS;
        }
        if (span.isDatabaseCall()) {
            parts |= Parts.QUERIES;
        }
        if (span.error() || span.hasException()) {
            parts |= Parts.ERRORS;
        }
        return parts;
    }

    private static String message(SpanReader.Batch batch, Map<Integer, Integer> partlyRefused) {
        List<String> parts = new ArrayList<>();
        batch.reasons().forEach((reason, count) -> parts.add(count + (count == 1 ? " span" : " spans")
                + " refused: " + reason));
        partlyRefused.forEach((part, count) -> parts.add("plugin '" + Parts.owner(part) + "' is not running: "
                + what(part) + " of " + count + (count == 1 ? " span were" : " spans were") + " not stored"));
        return String.join("; ", parts);
    }

    private static String what(int part) {
        return switch (part) {
            case Parts.REQUESTS -> "the request records";
            case Parts.QUERIES -> "the statements";
            default -> "the errors";
        };
    }

    /** Assembles the traces that are due and hands them over (the scheduled task's work). */
    void assembleDue() throws SQLException {
        OtlpConfig settings = config.get();
        long now = clock.millis();
        List<List<SpanRecord>> due = assembler.closeDue(now, settings.quietWindow().toMillis(),
                                                        settings.orphanWait().toMillis(),
                                                        settings.maxTraceAge().toMillis(), SPANS_PER_HANDOFF);
        if (!due.isEmpty() || handoff.waiting() > 0) {
            deliver(due, now);
        }
        recent.expire(now, Math.max(settings.orphanWait().toMillis() * 4, 120_000));
    }

    private void deliver(List<List<SpanRecord>> traces, long now) throws SQLException {
        OtlpConfig settings = config.get();
        Handoff.Delivery delivery = new Handoff.Delivery();
        TraceMapper mapper = new TraceMapper(settings.requestSpanKinds());
        double slowMs = slowMs(settings);
        for (List<SpanRecord> spans : traces) {
            delivery.spans.addAll(spans);
            String traceId = spans.getFirst().traceId();
            RecentTraces.Assembled earlier = recent.get(traceId);
            List<SpanRecord> fresh = fresh(spans, earlier);
            if (fresh.isEmpty()) {
                continue;
            }
            MappedTrace mapped = mapper.map(traceId, fresh, earlier == null ? List.of()
                    : earlier.outlines().values());
            String reason = TraceKeeper.reason(mapped, earlier != null && earlier.kept(), slowMs,
                                               settings.traces().samplePercent());
            delivery.requests.addAll(mapped.requests());
            delivery.queries.addAll(mapped.queries());
            delivery.errors.addAll(mapped.errors());
            if (reason != null) {
                delivery.kept.add(new KeptTrace(traceId, fresh, reason, mapped.failed()));
            }
            recent.remember(traceId, mapped.outlines(), reason != null || earlier != null && earlier.kept(), now);
            stats.add("traces_assembled", 1);
        }
        List<SpanRecord> finished = handoff.deliver(delivery, now);
        inbox.delete(ledger.release(finished));
    }

    /** The spans not seen before: an exporter's retry or a replay may bring one twice. */
    private static List<SpanRecord> fresh(List<SpanRecord> spans, RecentTraces.Assembled earlier) {
        Set<String> seen = new HashSet<>();
        List<SpanRecord> fresh = new ArrayList<>(spans.size());
        for (SpanRecord span : spans) {
            boolean handedBefore = earlier != null && earlier.outlines().containsKey(span.spanId());
            if (!handedBefore && seen.add(span.spanId())) {
                fresh.add(span);
            }
        }
        return fresh;
    }

    private double slowMs(OtlpConfig settings) {
        if (settings.traces().slowMs() > 0) {
            return settings.traces().slowMs();
        }
        return services.find(RequestIngest.class).map(RequestIngest::slowRequestMs)
                .orElse(OtlpConfig.Traces.FALLBACK_SLOW_MS);
    }

    /** The inbox rows of this node left from before this start: what {@link #replay} goes through. */
    List<Long> pendingRows() throws SQLException {
        return inbox.pending();
    }

    /**
     * Reads exports accepted before a restart back into assembly (a job with progress), at a pace that keeps the
     * spans held under half of {@code max-open-spans}.
     */
    Object replay(List<Long> rows, Jobs.Progress progress) throws SQLException, InterruptedException {
        int spans = 0;
        for (int i = 0; i < rows.size() && !progress.cancelled(); i++) {
            while (assembler.openSpans() > config.get().maxOpenSpans() / 2 && !progress.cancelled()) {
                Thread.sleep(100);
            }
            Inbox.Entry entry = inbox.read(rows.get(i));
            if (entry == null) {
                continue;
            }
            SpanReader.Batch batch;
            try {
                batch = new SpanReader(attributes.get(), config.get()).read(
                        ExportTraceServiceRequest.parseFrom(entry.body()), Instant.ofEpochMilli(entry.receivedAt()),
                        entry.refused(), entry.id());
            } catch (InvalidProtocolBufferException e) {
                log.log(System.Logger.Level.WARNING, "otlp: inbox row " + entry.id() + " cannot be read and is "
                        + "dropped: " + e.getMessage());
                inbox.delete(List.of(entry.id()));
                continue;
            }
            if (batch.spans().isEmpty()) {
                inbox.delete(List.of(entry.id()));
                continue;
            }
            assemble(entry.id(), batch.spans(), config.get());
            spans += batch.spans().size();
            progress.update((i + 1) / (double) rows.size(), "replayed " + (i + 1) + " of " + rows.size()
                    + " exports accepted before the restart (" + spans + " spans)");
        }
        stats.add("spans_replayed", spans);
        return Map.of("exports", rows.size(), "spans", spans);
    }

    /** What the pipeline holds now. */
    Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("open_traces", assembler.openTraces());
        state.put("open_spans", assembler.openSpans());
        state.put("max_open_spans", config.get().maxOpenSpans());
        state.put("inbox_rows", ledger.rows());
        state.put("inbox_write_queue", inbox.depth());
        state.put("handoffs_waiting", handoff.waiting());
        state.put("recent_spans_remembered", recent.spans());
        return state;
    }

    RecentTraces recent() {
        return recent;
    }
}
