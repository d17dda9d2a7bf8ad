package dev.vigil.plugins.otlp;

import static dev.vigil.plugins.otlp.OtlpMessages.span;
import static dev.vigil.plugins.otlp.OtlpMessages.spanId;
import static dev.vigil.plugins.otlp.OtlpMessages.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

class TraceAssemblerTest {

    private static final long T0 = 1_800_000_000_000_000_000L;
    private static final Set<SpanRecord.Kind> REQUESTS = Set.of(SpanRecord.Kind.SERVER, SpanRecord.Kind.CONSUMER);
    private static final long QUIET = 2_000;
    private static final long ORPHAN = 30_000;
    private static final long MAX_AGE = 120_000;

    private final TraceAssembler assembler = new TraceAssembler();

    @Test
    void databaseCallsExportedBeforeTheirRequestWaitForIt() {
        String trace = traceId();
        String root = spanId();
        assembler.add(List.of(client(trace, root), client(trace, root)), 0, REQUESTS);
        assertTrue(assembler.closeDue(QUIET + 1, QUIET, ORPHAN, MAX_AGE, Integer.MAX_VALUE).isEmpty(),
                   "quiet, but its spans wait for their parent");
        assembler.add(List.of(server(trace, root, null)), 5_000, REQUESTS);
        assertTrue(assembler.closeDue(5_000 + QUIET - 1, QUIET, ORPHAN, MAX_AGE, Integer.MAX_VALUE).isEmpty(),
                   "not quiet yet");
        List<List<SpanRecord>> due = assembler.closeDue(5_000 + QUIET, QUIET, ORPHAN, MAX_AGE, Integer.MAX_VALUE);
        assertEquals(1, due.size());
        assertEquals(3, due.getFirst().size(), "no span lost, whichever arrived first");
        assertEquals(0, assembler.openSpans());
    }

    @Test
    void aRequestWhoseCallerIsNotExportedWaitsOnlyTheQuietWindow() {
        String trace = traceId();
        String root = spanId();
        assembler.add(List.of(server(trace, root, spanId()), client(trace, root)), 0, REQUESTS);
        assertEquals(1, assembler.closeDue(QUIET, QUIET, ORPHAN, MAX_AGE, Integer.MAX_VALUE).size());
    }

    @Test
    void spansWhoseParentNeverComesAreAssembledAfterTheOrphanWait() {
        String trace = traceId();
        assembler.add(List.of(client(trace, spanId())), 0, REQUESTS);
        assertTrue(assembler.closeDue(ORPHAN - 1, QUIET, ORPHAN, MAX_AGE, Integer.MAX_VALUE).isEmpty());
        assertEquals(1, assembler.closeDue(ORPHAN, QUIET, ORPHAN, MAX_AGE, Integer.MAX_VALUE).size());
    }

    @Test
    void aTraceStillGrowingIsAssembledAtItsMaximumAge() {
        String trace = traceId();
        String root = spanId();
        for (long at = 0; at <= MAX_AGE; at += 1_000) {
            assembler.add(List.of(client(trace, root)), at, REQUESTS);
        }
        List<List<SpanRecord>> due = assembler.closeDue(MAX_AGE, QUIET, ORPHAN, MAX_AGE, Integer.MAX_VALUE);
        assertEquals(1, due.size());
        assertEquals(121, due.getFirst().size());
    }

    @Test
    void oneLookTakesAboutAsManySpansAsAHandOverShouldCarryTheRestComeNext() {
        for (int i = 0; i < 10; i++) {
            String trace = traceId();
            assembler.add(List.of(server(trace, spanId(), null), server(trace, spanId(), null)), 0, REQUESTS);
        }
        assertEquals(3, assembler.closeDue(QUIET, QUIET, ORPHAN, MAX_AGE, 5).size(), "6 spans: past 5, it stops");
        assertEquals(7, assembler.closeDue(QUIET, QUIET, ORPHAN, MAX_AGE, 100).size());
    }

    private static SpanRecord server(String trace, String id, String parent) {
        return TraceMapperTest.record(span(trace, id, parent, "GET /a", Span.SpanKind.SPAN_KIND_SERVER, T0, 10,
                                           "http.request.method", "GET"), "shop");
    }

    private static SpanRecord client(String trace, String parent) {
        return TraceMapperTest.record(span(trace, spanId(), parent, "SELECT", Span.SpanKind.SPAN_KIND_CLIENT, T0, 1,
                                           "db.system", "sqlite", "db.statement", "SELECT 1"), "shop");
    }
}
