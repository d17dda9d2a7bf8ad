package dev.vigil.plugins.otlp;

/**
 * What is remembered of a span once its trace was assembled: enough to place a span of the same trace that arrives
 * later under its request, and to count a late request's statements.
 *
 * @param request  a request-kind span: always its service's local root, and a request record
 * @param endpoint the request's endpoint for a request span, else the span's name
 */
record SpanOutline(String spanId, String parentSpanId, String service, boolean request, boolean database,
                   double durationMs, String endpoint, String user) {

    static SpanOutline of(SpanRecord span, boolean request) {
        return new SpanOutline(span.spanId(), span.parentSpanId(), span.service().name(), request,
                               span.isDatabaseCall(), span.durationMs(),
                               request ? HttpShape.endpoint(span) : span.name(),
                               span.attributes().text(Semconv.USER));
    }
}
