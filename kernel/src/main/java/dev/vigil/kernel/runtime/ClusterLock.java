package dev.vigil.kernel.runtime;

import java.util.Optional;

/** A lock shared by every Vigil node on one database, for work that must run once per cluster. */
@FunctionalInterface
public interface ClusterLock {

    /** The lock if this node got it now; empty if another node holds it. */
    Optional<AutoCloseable> tryAcquire(String name);
}
