package dev.vigil.kernel.runtime;

/**
 * Where the kernel reports an exception that escaped plugin code, so that it is counted on the plugin, logged,
 * and published as an error event, while the kernel and the other plugins go on.
 */
@FunctionalInterface
public interface FailureReporter {

    /**
     * @param where         what failed, for people: {@code route GET /api/v1/x/y}, {@code task retention}, ...
     * @param publishAsEvent false where publishing an error event could feed the failure back to itself
     */
    void failed(String pluginId, String where, Throwable error, String endpoint, String requestId,
                boolean publishAsEvent);
}
