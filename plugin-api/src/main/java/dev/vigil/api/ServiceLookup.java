package dev.vigil.api;

import java.util.List;
import java.util.Optional;

/** Finds services that running plugins provide. Look up at each use; never cache the result. */
public interface ServiceLookup {

    <T> Optional<T> find(Class<T> type);

    <T> List<T> all(Class<T> type);
}
