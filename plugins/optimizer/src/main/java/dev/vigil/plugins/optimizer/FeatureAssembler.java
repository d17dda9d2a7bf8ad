package dev.vigil.plugins.optimizer;

/** Joins a stored request with what was happening around it: host resources and the service's concurrency. */
final class FeatureAssembler {

    private final ResourceTimeline resources;
    private final Concurrency concurrency;

    FeatureAssembler(ResourceTimeline resources, Concurrency concurrency) {
        this.resources = resources;
        this.concurrency = concurrency;
    }

    FeatureRow row(RequestSample sample) {
        return new FeatureRow(sample.startedAt(), sample.key(), FeatureRow.orNaN(sample.queryCount()),
                              FeatureRow.orNaN(sample.queryTimeMs()), resources.cpuAt(sample.startedAt()),
                              resources.memoryAt(sample.startedAt()),
                              concurrency.at(sample.key().service(), sample.startedAt()), sample.durationMs());
    }
}
