package dev.vigil.api.services;

import java.util.Collection;
import java.util.Map;

import dev.vigil.api.ServiceLookup;

/**
 * Which traces are kept for looking at, so that views showing a trace id (slow requests, error occurrences) can
 * link to the trace. Provided by the OTLP plugin while it runs: look it up at each use.
 */
public interface TraceLinks {

    /** For each of these trace ids that is kept, the API path of the trace; ids not kept are absent. */
    Map<String, String> kept(Collection<String> traceIds);

    /** Links through whichever plugin provides them at each call; none (an empty map) while no plugin does. */
    static TraceLinks lookedUpIn(ServiceLookup services) {
        return traceIds -> services.find(TraceLinks.class).map(links -> links.kept(traceIds)).orElse(Map.of());
    }
}
