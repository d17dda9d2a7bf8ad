package dev.vigil.plugins.optimizer;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.vigil.api.ServiceLookup;
import dev.vigil.api.services.ResourceHistory;

/**
 * Host CPU and memory over a period: from the ResourceHistory service when a plugin offers it (looked up at each
 * use: the provider may be reloaded), else from the system signals this plugin recorded per minute.
 */
final class Resources {

    private final ServiceLookup services;
    private final HistoryStore history;

    Resources(ServiceLookup services, HistoryStore history) {
        this.services = services;
        this.history = history;
    }

    ResourceTimeline timeline(long from, long to, long toleranceMs) throws SQLException {
        Optional<ResourceHistory> provider = services.find(ResourceHistory.class);
        if (provider.isPresent()) {
            List<ResourceTimeline.Reading> readings = provider.get()
                    .samples(Instant.ofEpochMilli(from - toleranceMs), Instant.ofEpochMilli(to + toleranceMs))
                    .stream()
                    .map(sample -> new ResourceTimeline.Reading(sample.time().toEpochMilli(), sample.cpuPercent(),
                                                                sample.memoryPercent()))
                    .toList();
            if (!readings.isEmpty()) {
                return new ResourceTimeline(ResourceTimeline.Source.RESOURCE_HISTORY, readings, toleranceMs);
            }
        }
        return new ResourceTimeline(ResourceTimeline.Source.SYSTEM_SIGNALS,
                                    history.resourceReadings(from - toleranceMs, to + toleranceMs), toleranceMs);
    }
}
