package dev.vigil.plugins.otlp;

import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.vigil.api.services.TraceLinks;

/** Tells other plugins' views which trace ids are kept, with the path to look at each. */
final class KeptTraceLinks implements TraceLinks {

    private static final int MAX_IDS = 1000;

    private final TraceStore store;

    KeptTraceLinks(TraceStore store) {
        this.store = store;
    }

    @Override
    public Map<String, String> kept(Collection<String> traceIds) {
        Map<String, String> links = new LinkedHashMap<>();
        if (traceIds.isEmpty()) {
            return links;
        }
        try {
            for (String id : store.keptAmong(traceIds.stream().filter(id -> Ids.isHex(id, Ids.TRACE_ID_BYTES))
                                                     .limit(MAX_IDS).toList())) {
                links.put(id, TraceRoutes.TRACE_PATH + id);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("kept traces could not be read: " + e.getMessage(), e);
        }
        return links;
    }
}
