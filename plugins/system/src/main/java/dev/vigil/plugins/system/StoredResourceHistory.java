package dev.vigil.plugins.system;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

import dev.vigil.api.services.ResourceHistory;

/**
 * This host's stored samples, for other plugins (the optimizer joins them to requests). Samples without a CPU
 * figure (the first after a start) are left out; {@code load1m} is NaN where the OS has no load average.
 */
final class StoredResourceHistory implements ResourceHistory {

    private final SampleStore store;
    private final Supplier<String> host;

    StoredResourceHistory(SampleStore store, Supplier<String> host) {
        this.store = store;
        this.host = host;
    }

    @Override
    public List<ResourceSample> samples(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        return from.isBefore(to) ? store.resources(host.get(), from, to) : List.of();
    }
}
