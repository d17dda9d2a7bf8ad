package dev.vigil.plugins.requests;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.vigil.api.EventBus;
import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.http.IngestBatch;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.storage.WriteQueue;

import com.fasterxml.jackson.databind.JsonNode;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code POST /ingest}: validates the whole batch, waits until it is committed, and only then answers 200, adds its
 * records to the duration histogram and publishes them as one batch of {@link RequestEvent}s. A bad batch is a 400
 * with nothing stored; a full queue a 503 with Retry-After (thrown by the queue). Each request counts its records
 * as accepted or rejected ({@link RequestMetrics}).
 */
final class Ingestor {

    private final WriteQueue<RequestEvent> queue;
    private final EventBus events;
    private final JsonSupport json;
    private final Supplier<RequestsConfig> config;
    private final Clock clock;
    private final RequestMetrics metrics;
    private final AtomicLong accepted = new AtomicLong();

    Ingestor(WriteQueue<RequestEvent> queue, EventBus events, JsonSupport json, Supplier<RequestsConfig> config,
             Clock clock, RequestMetrics metrics) {
        this.queue = queue;
        this.metrics = metrics;
        this.events = events;
        this.json = json;
        this.config = config;
        this.clock = clock;
    }

    void ingest(ServerRequest request, ServerResponse response) {
        RequestsConfig settings = config.get();
        JsonNode body = null;
        List<RequestEvent> records;
        try {
            body = json.readTree(request, settings.maxBodyBytes());
            RecordParser parser = new RecordParser(clock.instant(), settings.retention(), settings.maxClockSkew());
            records = IngestBatch.parse(request, body, settings.maxBatchRecords(), parser::parse);
            commit(records, settings.ingestTimeout());
        } catch (RuntimeException refused) {
            // At least 1: a body that is not JSON, too large to read, or holds no records is still seen.
            metrics.rejected(Math.max(1, IngestBatch.offered(body)));
            throw refused;
        }
        metrics.accepted(records.size());
        json.send(response, Status.OK_200, Map.of("accepted", records.size()));
    }

    /**
     * Records another plugin hands over: cut to this route's limits, those whose time or numbers the route would
     * refuse skipped, the rest stored and published as the route's are.
     *
     * @return how many were stored
     */
    int store(List<RequestEvent> handed, Duration timeout) {
        RequestsConfig settings = config.get();
        RecordParser limits = new RecordParser(clock.instant(), settings.retention(), settings.maxClockSkew());
        List<RequestEvent> records = new ArrayList<>(handed.size());
        for (RequestEvent record : handed) {
            // Vigil's own service is counted apart (RequestMinute figures): never mixed with records from outside.
            RequestEvent admitted = record.service().equals(RequestEvent.OWN_SERVICE) ? null : limits.admit(record);
            if (admitted != null) {
                records.add(admitted);
            }
        }
        if (!records.isEmpty()) {
            commit(records, timeout);
        }
        return records.size();
    }

    /** Waits until the records are committed, then measures them and publishes them as one batch. */
    private void commit(List<RequestEvent> records, Duration timeout) {
        queue.submitAndWait(records, timeout);
        accepted.addAndGet(records.size());
        metrics.observeAll(records);
        events.publishAll(RequestEvent.class, records);
    }

    long accepted() {
        return accepted.get();
    }
}
