package dev.vigil.plugins.requests;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Bounds the endpoints of each service that get series of their own on {@code /metrics}: the first {@code max}
 * endpoints seen keep theirs, later ones are folded into {@link #OTHER}, and each endpoint folded is reported once.
 * An endpoint keeps its slot while the plugin runs (its series are cumulative), so lowering the cap live folds only
 * endpoints not yet seen. Thread-safe; an endpoint already placed costs two lock-free lookups.
 */
final class EndpointCap {

    static final String OTHER = "(other)";
    /** Folded endpoints remembered per service so that each is counted once; past this the count stops growing. */
    static final int MAX_FOLDS_REMEMBERED = 10_000;

    /** One service's endpoints with series of their own, and those folded. */
    private static final class Service {
        private final Set<String> kept = ConcurrentHashMap.newKeySet();
        private final Set<String> folded = ConcurrentHashMap.newKeySet();
    }

    private final IntSupplier max;
    private final Consumer<String> onFold;
    private final Map<String, Service> services = new ConcurrentHashMap<>();

    /**
     * @param max    endpoints per service with series of their own (read on each new endpoint: a live setting)
     * @param onFold told the service each time one of its endpoints is folded for the first time
     */
    EndpointCap(IntSupplier max, Consumer<String> onFold) {
        this.max = max;
        this.onFold = onFold;
    }

    /** The endpoint label to use: the endpoint itself, or {@link #OTHER} once its service is at the cap. */
    String label(String service, String endpoint) {
        Service known = services.get(service);
        if (known == null) {
            known = services.computeIfAbsent(service, s -> new Service());
        }
        if (known.kept.contains(endpoint)) {
            return endpoint;
        }
        if (known.folded.contains(endpoint)) {
            return OTHER;
        }
        boolean newlyFolded;
        synchronized (known) {
            if (known.kept.contains(endpoint)) {
                return endpoint;
            }
            if (known.kept.size() < max.getAsInt()) {
                known.kept.add(endpoint);
                return endpoint;
            }
            newlyFolded = known.folded.size() < MAX_FOLDS_REMEMBERED && known.folded.add(endpoint);
        }
        if (newlyFolded) {
            onFold.accept(service);
        }
        return OTHER;
    }

    /** Per service with folded endpoints: how many were folded (each once, up to {@link #MAX_FOLDS_REMEMBERED}). */
    Map<String, Integer> folded() {
        Map<String, Integer> counts = new TreeMap<>();
        services.forEach((service, known) -> {
            if (!known.folded.isEmpty()) {
                counts.put(service, known.folded.size());
            }
        });
        return counts;
    }
}
