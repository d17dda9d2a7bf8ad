package dev.vigil.api;

import java.util.Objects;

/**
 * A service one plugin offers to the others under a plugin-api interface. Consumers look it up at each use
 * ({@link ServiceLookup#find(Class)}) and do not keep it: the provider may be stopped or reloaded at any time.
 */
public record ProvidedService<T>(Class<T> type, T implementation) {

    public ProvidedService {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(implementation, "implementation");
        if (!type.isInterface()) {
            throw new IllegalArgumentException("a provided service is published under an interface: " + type);
        }
    }

    public static <T> ProvidedService<T> of(Class<T> type, T implementation) {
        return new ProvidedService<>(type, implementation);
    }
}
