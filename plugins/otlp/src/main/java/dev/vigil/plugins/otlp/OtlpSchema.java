package dev.vigil.plugins.otlp;

import java.util.List;

import dev.vigil.api.storage.Migration;

/** The plugin's tables. Times are epoch milliseconds, span times epoch nanoseconds. */
final class OtlpSchema {

    private OtlpSchema() {
    }

    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "inbox, kept traces and their spans",
            // Accepted exports whose traces are not yet handed over: replayed after a restart, so that a 2xx is
            // durable. One row per export (not per span): a few rows a second at full load.
            "CREATE TABLE otlp_inbox (id BIGINT PRIMARY KEY, node TEXT NOT NULL, received_at BIGINT NOT NULL, "
                    + "refused INTEGER NOT NULL, body ${BLOB} NOT NULL)",
            // Replay reads one node's rows in arrival order.
            "CREATE INDEX otlp_inbox_node_received ON otlp_inbox (node, received_at)",
            // One row per kept trace: what the list shows and filters on.
            "CREATE TABLE otlp_traces (trace_id TEXT PRIMARY KEY, started_at BIGINT NOT NULL, "
                    + "start_ns BIGINT NOT NULL, end_ns BIGINT NOT NULL, duration_ms DOUBLE PRECISION NOT NULL, "
                    + "service TEXT NOT NULL, endpoint TEXT NOT NULL, span_count INTEGER NOT NULL, "
                    + "error INTEGER NOT NULL, kept_because TEXT NOT NULL)",
            // The list of a window, newest first, and the retention sweep.
            "CREATE INDEX otlp_traces_started ON otlp_traces (started_at)",
            // The list narrowed to one service.
            "CREATE INDEX otlp_traces_service_started ON otlp_traces (service, started_at)",
            "CREATE TABLE otlp_spans (trace_id TEXT NOT NULL, span_id TEXT NOT NULL, parent_span_id TEXT, "
                    + "service TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, start_ns BIGINT NOT NULL, "
                    + "end_ns BIGINT NOT NULL, error INTEGER NOT NULL, status_message TEXT, attributes TEXT, "
                    + "events TEXT, started_at BIGINT NOT NULL, PRIMARY KEY (trace_id, span_id))",
            // The retention sweep.
            "CREATE INDEX otlp_spans_started ON otlp_spans (started_at)"));
}
