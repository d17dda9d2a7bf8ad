package dev.vigil.plugins.system;

import java.time.Clock;
import java.time.Instant;

import dev.vigil.api.LiveConfig;

/** Deletes samples older than the configured retention, for every host sharing the database. */
final class RetentionTask {

    private final SampleStore store;
    private final LiveConfig<SystemConfig> config;
    private final Clock clock;
    private final System.Logger log;

    RetentionTask(SampleStore store, LiveConfig<SystemConfig> config, Clock clock, System.Logger log) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.log = log;
    }

    void run() {
        Instant cutoff = clock.instant().minus(config.get().retention());
        long deleted = store.deleteOlderThan(cutoff);
        // The count goes in as text: the logger's MessageFormat would print 12345 as "12,345".
        log.log(deleted > 0 ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                "retention: deleted {0} points sampled before {1}", String.valueOf(deleted), cutoff);
    }
}
