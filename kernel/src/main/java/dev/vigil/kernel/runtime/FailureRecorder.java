package dev.vigil.kernel.runtime;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.vigil.api.EventBus;
import dev.vigil.api.events.ErrorEvent;

/**
 * Counts exceptions that escaped each plugin's code, logs them (a full stack trace at most once a minute per
 * plugin and place, so a route failing on every request cannot flood the log), and publishes each as an
 * {@link ErrorEvent} so that the error-logging plugin records Vigil's own faults.
 */
public final class FailureRecorder implements FailureReporter {

    private static final System.Logger LOG = System.getLogger("vigil.failures");
    private static final long FULL_TRACE_EVERY_MILLIS = 60_000;

    private final Map<String, ContributionStats> byPlugin = new ConcurrentHashMap<>();
    private final Map<String, String> lastWhere = new ConcurrentHashMap<>();
    private final Map<String, String> packages = new ConcurrentHashMap<>();
    private final Map<String, Long> lastFullTrace = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile EventBus bus;

    public FailureRecorder(Clock clock) {
        this.clock = clock;
    }

    /** Where error events go; set once the bus exists (the bus itself reports to this recorder). */
    public void publishTo(EventBus eventBus) {
        this.bus = eventBus;
    }

    /** The package whose frames count as the plugin's own in published error events. */
    public void registerPackage(String pluginId, String packageName) {
        packages.put(pluginId, packageName);
    }

    @Override
    public void failed(String pluginId, String where, Throwable error, String endpoint, String requestId,
                       boolean publishAsEvent) {
        Instant now = clock.instant();
        byPlugin.computeIfAbsent(pluginId, id -> new ContributionStats()).failed(error, now);
        lastWhere.put(pluginId, where);
        String key = pluginId + "|" + where + "|" + error.getClass().getName();
        long nowMillis = System.currentTimeMillis();
        Long last = lastFullTrace.get(key);
        if (last == null || nowMillis - last > FULL_TRACE_EVERY_MILLIS) {
            lastFullTrace.put(key, nowMillis);
            LOG.log(System.Logger.Level.WARNING, "plugin " + pluginId + ": " + where + " failed", error);
        } else {
            LOG.log(System.Logger.Level.WARNING, "plugin {0}: {1} failed: {2}", pluginId, where,
                    ContributionStats.describe(error));
        }
        EventBus target = bus;
        if (publishAsEvent && target != null && target.hasSubscribers(ErrorEvent.class)) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("plugin", pluginId);
            context.put("where", where);
            target.publish(ErrorEvent.fromThrowable(now, error, endpoint, requestId, packages.get(pluginId), context));
        }
    }

    /** failures, last_error, last_error_at and last_failed (where) of one plugin. */
    public Map<String, Object> view(String pluginId) {
        Map<String, Object> view = ContributionStats.view();
        ContributionStats stats = byPlugin.get(pluginId);
        if (stats == null) {
            view.put("failures", 0);
            return view;
        }
        stats.describeInto(view);
        view.put("last_failed", lastWhere.get(pluginId));
        return view;
    }

    /** Whether the plugin failed within the last five minutes. */
    public boolean recentlyFailed(String pluginId) {
        ContributionStats stats = byPlugin.get(pluginId);
        return stats != null && stats.lastErrorAt() != null
                && stats.lastErrorAt().isAfter(clock.instant().minusSeconds(300));
    }

    /** Forgets a plugin that was unloaded. */
    public void forget(String pluginId) {
        byPlugin.remove(pluginId);
        lastWhere.remove(pluginId);
        packages.remove(pluginId);
        lastFullTrace.keySet().removeIf(key -> key.startsWith(pluginId + "|"));
    }
}
