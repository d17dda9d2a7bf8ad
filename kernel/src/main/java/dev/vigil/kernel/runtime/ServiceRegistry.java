package dev.vigil.kernel.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.vigil.api.ProvidedService;
import dev.vigil.api.ServiceLookup;

/** Services provided by running plugins, keyed by plugin id so that a stopping plugin's are removed at once. */
public final class ServiceRegistry implements ServiceLookup {

    private final Map<String, List<ProvidedService<?>>> byPlugin = new ConcurrentHashMap<>();

    public void register(String pluginId, List<ProvidedService<?>> services) {
        byPlugin.put(pluginId, List.copyOf(services));
    }

    public void remove(String pluginId) {
        byPlugin.remove(pluginId);
    }

    public List<String> typesOf(String pluginId) {
        return byPlugin.getOrDefault(pluginId, List.of()).stream().map(s -> s.type().getName()).toList();
    }

    @Override
    public <T> Optional<T> find(Class<T> type) {
        List<T> all = all(type);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    @Override
    public <T> List<T> all(Class<T> type) {
        List<T> found = new ArrayList<>();
        byPlugin.keySet().stream().sorted().forEach(id -> {
            for (ProvidedService<?> service : byPlugin.getOrDefault(id, List.of())) {
                if (service.type() == type) {
                    found.add(type.cast(service.implementation()));
                }
            }
        });
        return found;
    }
}
