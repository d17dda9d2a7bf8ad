package dev.vigil.plugins.otlp;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import dev.vigil.api.Durations;

/**
 * Deletes kept traces older than {@code traces.retention}, and inbox rows so old that no retry can still deliver
 * them (a node that never came back).
 */
final class Retention {

    /** Inbox rows older than this are abandoned, whichever node wrote them. */
    static final Duration ABANDONED_INBOX = Duration.ofDays(1);

    private final TraceStore traces;
    private final Inbox inbox;
    private final Supplier<OtlpConfig> config;
    private final Clock clock;
    private final System.Logger log;

    Retention(TraceStore traces, Inbox inbox, Supplier<OtlpConfig> config, Clock clock, System.Logger log) {
        this.traces = traces;
        this.inbox = inbox;
        this.config = config;
        this.clock = clock;
        this.log = log;
    }

    void run() throws SQLException {
        long now = clock.millis();
        Duration retention = config.get().traces().retention();
        int deleted = traces.deleteBefore(now - retention.toMillis());
        int abandoned = inbox.deleteOlderThan(now - ABANDONED_INBOX.toMillis());
        if (deleted > 0 || abandoned > 0) {
            log.log(System.Logger.Level.INFO, "otlp retention: deleted " + deleted + " kept traces older than "
                    + Durations.format(retention) + (abandoned == 0 ? ""
                    : " and " + abandoned + " inbox rows older than a day that no node delivered"));
        }
    }
}
