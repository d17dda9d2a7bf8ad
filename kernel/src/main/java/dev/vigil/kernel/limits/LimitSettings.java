package dev.vigil.kernel.limits;

/**
 * The {@code limits} section of vigil.yaml; each limit applies to each API token on its own.
 *
 * @param ingestRecordsPerSecond records ingest routes accept per second; 0 for no limit
 * @param ingestBytesPerSecond   request body bytes (as sent) ingest routes accept per second; 0 for no limit
 * @param liveStreams            long-lived answers (event streams) open at once
 */
public record LimitSettings(long ingestRecordsPerSecond, long ingestBytesPerSecond, int liveStreams) {

    /**
     * Ingest rates are off: one token usually stands for one application, the server already sheds overload through
     * its write queues (503), and a default rate would cap a busy application below what the host can take. Streams
     * are bounded: a browser needs one, and a leaking client should not hold the dashboard's capacity.
     */
    public static final LimitSettings DEFAULTS = new LimitSettings(0, 0, 4);

    public LimitSettings {
        if (ingestRecordsPerSecond < 0 || ingestBytesPerSecond < 0) {
            throw new IllegalArgumentException("limits.ingest-records-per-second and limits.ingest-bytes-per-second "
                                                       + "must be 0 (no limit) or more");
        }
        if (liveStreams < 1 || liveStreams > 10_000) {
            throw new IllegalArgumentException("limits.live-streams must be between 1 and 10000, got "
                                                       + liveStreams);
        }
    }
}
