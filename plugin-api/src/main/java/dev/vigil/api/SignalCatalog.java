package dev.vigil.api;

/**
 * Names of the signals plugins share, so that producers and readers (alerts, the optimizer, the dashboard)
 * agree. Units are in the name. Unless stated, a signal without labels is the overall figure and the same name
 * with labels ({@code service}, {@code method}, {@code endpoint}, ...) is the per-series figure.
 * Per-minute counters are published every minute, zeros included, so "last" is always current.
 */
public final class SignalCatalog {

    // requests: per minute, overall and per {service, method, endpoint}
    public static final String REQUESTS_THROUGHPUT_RPS = "requests.throughput_rps";
    public static final String REQUESTS_P95_MS = "requests.p95_ms";
    public static final String REQUESTS_P99_MS = "requests.p99_ms";
    public static final String REQUESTS_AVG_MS = "requests.avg_ms";
    /** Percent of requests answered 5xx. */
    public static final String REQUESTS_ERROR_RATE_PERCENT = "requests.error_rate_percent";
    /** Percent of requests answered 4xx. */
    public static final String REQUESTS_CLIENT_ERROR_RATE_PERCENT = "requests.client_error_rate_percent";

    // queries: per minute, overall and per {service}
    public static final String QUERIES_AVG_MS = "queries.avg_ms";
    public static final String QUERIES_PER_REQUEST = "queries.per_request";
    public static final String QUERIES_N_PLUS_ONE_FINDINGS = "queries.n_plus_one_findings";
    public static final String QUERIES_SLOW_COUNT = "queries.slow_count";
    /** Requests over the query-count threshold this minute. */
    public static final String QUERIES_FLAGGED_REQUESTS = "queries.flagged_requests";
    public static final String QUERIES_REPEATED_IDENTICAL_FINDINGS = "queries.repeated_identical_findings";

    // system: every sample; labels {core}, {mount}, {interface} where stated
    public static final String SYSTEM_CPU_PERCENT = "system.cpu_percent";
    public static final String SYSTEM_CPU_CORE_PERCENT = "system.cpu_core_percent";
    public static final String SYSTEM_LOAD_1M = "system.load_1m";
    public static final String SYSTEM_MEMORY_PERCENT = "system.memory_percent";
    public static final String SYSTEM_SWAP_PERCENT = "system.swap_percent";
    public static final String SYSTEM_DISK_PERCENT = "system.disk_percent";
    public static final String SYSTEM_NET_RX_BYTES_PER_S = "system.net_rx_bytes_per_s";
    public static final String SYSTEM_NET_TX_BYTES_PER_S = "system.net_tx_bytes_per_s";
    public static final String SYSTEM_PROCESS_CPU_PERCENT = "system.process_cpu_percent";
    public static final String SYSTEM_HEAP_PERCENT = "system.heap_percent";

    // errors: per minute per {service}
    public static final String ERRORS_EVENTS_PER_MINUTE = "errors.events_per_minute";
    public static final String ERRORS_NEW_GROUPS = "errors.new_groups";
    public static final String ERRORS_REGRESSIONS = "errors.regressions";
    /** CRITICAL events; also published at once (value = count so far this minute) when one arrives. */
    public static final String ERRORS_CRITICAL_EVENTS = "errors.critical_events";

    // alerts
    public static final String ALERTS_ACTIVE = "alerts.active";

    // optimizer: per {service, endpoint}
    public static final String OPTIMIZER_ANOMALY_SCORE = "optimizer.anomaly_score";

    // dependencies: per {severity}
    public static final String DEPENDENCIES_VULNERABILITIES = "dependencies.vulnerabilities";
    public static final String DEPENDENCIES_HEALTH_SCORE = "dependencies.health_score";

    private SignalCatalog() {
    }
}
