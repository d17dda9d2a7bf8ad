package dev.vigil.plugins.requests;

import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.metrics.Counter;
import dev.vigil.api.metrics.Histogram;
import dev.vigil.api.metrics.Metrics;

/**
 * What the plugin shows on {@code /metrics}: request durations per service, method, endpoint and status class
 * (ingested records once committed, Vigil's own requests as served), the records the ingest route accepted and
 * rejected, and the endpoints folded past the cap ({@link EndpointCap}). Registered once at start; values are live
 * and cumulative.
 */
final class RequestMetrics {

    static final String DURATION = "vigil_http_server_request_duration_seconds";
    static final String INGEST_RECORDS = "vigil_requests_ingest_records_total";
    static final String FOLDED = "vigil_http_server_endpoints_folded_total";
    static final String SERVICES_FOLDED = "vigil_http_server_services_folded_total";
    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final Histogram durations;
    private final Counter ingestRecords;
    private final LabelCap services;
    private final EndpointCap cap;

    /**
     * @param maxServices  services with series of their own (a live setting)
     * @param maxEndpoints endpoints per service with series of their own (a live setting)
     */
    RequestMetrics(Metrics metrics, IntSupplier maxServices, IntSupplier maxEndpoints) {
        durations = metrics.histogram(DURATION, "Duration of HTTP requests: those ingested from monitored services "
                + "and Vigil's own (service \"vigil\"); endpoints past the per-service cap are folded into "
                + "endpoint=\"(other)\"", Metrics.DURATION_SECONDS_BUCKETS, "service", "method", "endpoint",
                                      "status_class");
        ingestRecords = metrics.counter(INGEST_RECORDS, "Records sent to POST /api/v1/requests/ingest, by outcome: "
                + "accepted (committed) or rejected (records of a refused request, at least 1 per request)",
                                        "outcome");
        Counter folded = metrics.counter(FOLDED, "Endpoints of a service folded into endpoint=\"(other)\" on the "
                + "request duration histogram because the service had reached metrics-max-endpoints", "service");
        cap = new EndpointCap(maxEndpoints, folded::inc);
        Counter foldedServices = metrics.counter(SERVICES_FOLDED, "Services folded into service=\"(other)\" on the "
                + "request duration histogram because metrics-max-services had been reached");
        // Vigil's own requests keep their series whatever the cap: ingest cannot crowd them out.
        services = new LabelCap(maxServices, foldedServices::inc, RequestEvent.OWN_SERVICE::equals);
    }

    /** One request, in its service's series (or {@code (other)} past the caps on services and endpoints). */
    void observe(String service, String method, String endpoint, int status, double durationMs) {
        String serviceLabel = services.label(service);
        durations.observe(durationMs / 1000, serviceLabel, method, cap.label(serviceLabel, endpoint),
                          statusClass(status));
    }

    /** Records that have been committed. */
    void observeAll(List<RequestEvent> records) {
        for (RequestEvent record : records) {
            observe(record.service(), record.method(), record.endpoint(), record.status(), record.durationMs());
        }
    }

    void accepted(int records) {
        ingestRecords.inc(records, "accepted");
    }

    void rejected(int records) {
        ingestRecords.inc(records, "rejected");
    }

    /** How many services were folded into {@code service="(other)"}. */
    int foldedServices() {
        return services.folded();
    }

    /** Per service with folded endpoints: how many. */
    Map<String, Integer> foldedEndpoints() {
        return cap.folded();
    }

    static String statusClass(int status) {
        return status >= 100 && status <= 599 ? STATUS_CLASSES[status / 100 - 1] : "unknown";
    }
}
