package dev.vigil.plugins.requests;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Bounds the endpoints of each service that get series of their own on {@code /metrics}: a {@link LabelCap} per
 * service, so that each service has its own {@code max} endpoints and reports its own folds.
 */
final class EndpointCap {

    static final String OTHER = LabelCap.OTHER;

    private final IntSupplier max;
    private final Consumer<String> onFold;
    private final Map<String, LabelCap> services = new ConcurrentHashMap<>();

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
        LabelCap endpoints = services.get(service);
        if (endpoints == null) {
            endpoints = services.computeIfAbsent(service, s -> new LabelCap(max, () -> onFold.accept(s), e -> false));
        }
        return endpoints.label(endpoint);
    }

    /** Per service with folded endpoints: how many were folded (each once, up to the cap's memory). */
    Map<String, Integer> folded() {
        Map<String, Integer> counts = new TreeMap<>();
        services.forEach((service, endpoints) -> {
            if (endpoints.folded() > 0) {
                counts.put(service, endpoints.folded());
            }
        });
        return counts;
    }
}
