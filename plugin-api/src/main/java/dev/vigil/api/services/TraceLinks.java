package dev.vigil.api.services;

import java.util.Collection;
import java.util.Map;

/**
 * Which traces are kept for looking at, so that views showing a trace id (slow requests, error occurrences) can
 * link to the trace. Provided by the OTLP plugin while it runs: look it up at each use.
 */
public interface TraceLinks {

    /** For each of these trace ids that is kept, the API path of the trace; ids not kept are absent. */
    Map<String, String> kept(Collection<String> traceIds);
}
