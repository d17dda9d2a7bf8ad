package dev.vigil.plugins.alerts;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

import dev.vigil.api.LiveConfig;

/** Deletes what is older than the configured retention: resolved alerts, deliveries, silences, archived minutes. */
final class Retention {

    private final LiveConfig<AlertsConfig> config;
    private final AlertStore alerts;
    private final DeliveryStore deliveries;
    private final SilenceStore silences;
    private final SignalArchive archive;
    private final Clock clock;
    private final System.Logger log;

    Retention(LiveConfig<AlertsConfig> config, AlertStore alerts, DeliveryStore deliveries, SilenceStore silences,
              SignalArchive archive, Clock clock, System.Logger log) {
        this.config = config;
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.silences = silences;
        this.archive = archive;
        this.clock = clock;
        this.log = log;
    }

    void run() throws SQLException {
        AlertsConfig.Retention keep = config.get().retention();
        Instant now = clock.instant();
        long alertRows = alerts.deleteResolvedBefore(now.minus(keep.alerts()));
        long silenceRows = silences.deleteEndedBefore(now.minus(keep.alerts()));
        long deliveryRows = deliveries.deleteBefore(now.minus(keep.deliveries()));
        long minuteRows = archive.deleteBefore(now.minus(keep.signalMinutes()));
        if (alertRows + silenceRows + deliveryRows + minuteRows > 0) {
            log.log(System.Logger.Level.INFO, "retention deleted {0} alerts, {1} silences, {2} deliveries and {3} "
                    + "archived minutes", alertRows, silenceRows, deliveryRows, minuteRows);
        }
    }
}
