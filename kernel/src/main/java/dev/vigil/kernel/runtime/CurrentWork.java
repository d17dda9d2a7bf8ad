package dev.vigil.kernel.runtime;

/**
 * Which plugin's code the current thread is running, and for which request. Set by the kernel around every
 * entry into plugin code (route, task, subscriber, job), read by the storage observer to attribute statements.
 */
public final class CurrentWork {

    /** What is running. Any field may be null. */
    public record Work(String pluginId, String requestId, String endpoint) {
    }

    private static final ThreadLocal<Work> CURRENT = new ThreadLocal<>();

    private CurrentWork() {
    }

    public static Work get() {
        return CURRENT.get();
    }

    public static String pluginId() {
        Work work = CURRENT.get();
        return work == null ? null : work.pluginId();
    }

    /** Sets {@code work} for the duration of the returned scope. */
    public static Scope enter(Work work) {
        Work previous = CURRENT.get();
        CURRENT.set(work);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** Restores the previous work on close. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
