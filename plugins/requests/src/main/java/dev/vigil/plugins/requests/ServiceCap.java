package dev.vigil.plugins.requests;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import dev.vigil.api.events.RequestEvent;

/**
 * Bounds the services that get series of their own on {@code /metrics}: any client may ingest under any service
 * name, and each service brings up to {@code metrics-max-endpoints} endpoints of series. The first {@code max}
 * services seen keep theirs (Vigil's own always does); later ones are folded into {@code service="(other)"}, each
 * counted once. Thread-safe; a service already placed costs one lock-free lookup.
 */
final class ServiceCap {

    /** Folded services remembered so that each is counted once; past this the count stops growing. */
    static final int MAX_FOLDS_REMEMBERED = 10_000;

    private final IntSupplier max;
    private final Runnable onFold;
    private final Set<String> kept = ConcurrentHashMap.newKeySet();
    private final Set<String> folded = ConcurrentHashMap.newKeySet();

    /**
     * @param max    services with series of their own (read on each new service: a live setting)
     * @param onFold told each time a service is folded for the first time
     */
    ServiceCap(IntSupplier max, Runnable onFold) {
        this.max = max;
        this.onFold = onFold;
    }

    /** The service label to use: the service itself, or {@link EndpointCap#OTHER} once the cap is reached. */
    String label(String service) {
        if (kept.contains(service)) {
            return service;
        }
        if (folded.contains(service)) {
            return EndpointCap.OTHER;
        }
        boolean newlyFolded;
        synchronized (this) {
            if (kept.contains(service)) {
                return service;
            }
            if (service.equals(RequestEvent.OWN_SERVICE) || kept.size() < max.getAsInt()) {
                kept.add(service);
                return service;
            }
            newlyFolded = folded.size() < MAX_FOLDS_REMEMBERED && folded.add(service);
        }
        if (newlyFolded) {
            onFold.run();
        }
        return EndpointCap.OTHER;
    }

    /** How many services were folded (each once, up to {@link #MAX_FOLDS_REMEMBERED}). */
    int folded() {
        return folded.size();
    }
}
