package dev.vigil.plugins.otlp;

import java.util.List;

/**
 * One accepted span, as held while its trace is assembled: ids in hex, times in nanoseconds since the epoch.
 *
 * @param parentSpanId   null for a trace's root
 * @param parentIsRemote the SDK says its parent ran in another process (W3C context from a caller)
 * @param refused        the parts (see {@link Parts}) whose owning plugin was stopped when the span was accepted
 * @param inboxId        the inbox row it was accepted in, released once its trace has been handed over
 */
record SpanRecord(String traceId, String spanId, String parentSpanId, boolean parentIsRemote, ServiceResource service,
                  String name, Kind kind, long startNanos, long endNanos, boolean error, String statusMessage,
                  Attributes attributes, List<Event> events, int refused, long inboxId) {

    /** The span kinds of OTLP, in its numbering. */
    enum Kind {
        UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER;

        static Kind of(int number) {
            return number >= 0 && number < values().length ? values()[number] : UNSPECIFIED;
        }
    }

    /** One span event (an exception, a log line the instrumentation attached). */
    record Event(String name, long timeNanos, Attributes attributes) {
    }

    double durationMs() {
        return (endNanos - startNanos) / 1e6;
    }

    /**
     * A statement run against a database: a client span of a database system that says what it ran. Connection
     * spans ({@code pg-pool.connect}) carry the system but no statement or operation: they are not statements.
     */
    boolean isDatabaseCall() {
        return (kind == Kind.CLIENT || kind == Kind.INTERNAL || kind == Kind.UNSPECIFIED)
                && attributes.has(Semconv.DB_SYSTEM)
                && (attributes.has(Semconv.DB_STATEMENT) || attributes.has(Semconv.DB_QUERY_SUMMARY)
                    || attributes.has(Semconv.DB_OPERATION));
    }

    boolean hasException() {
        for (Event event : events) {
            if (event.name().equals(Semconv.EXCEPTION_EVENT)) {
                return true;
            }
        }
        return false;
    }
}
