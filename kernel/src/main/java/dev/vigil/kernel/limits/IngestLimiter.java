package dev.vigil.kernel.limits;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.vigil.api.http.ApiException;

/** The ingest rates of each token: a records bucket and a bytes bucket per token, made on its first ingest. */
final class IngestLimiter {

    static final String RECORDS = "limits.ingest-records-per-second";
    static final String BYTES = "limits.ingest-bytes-per-second";

    /** A token's buckets; null where that limit is off. */
    private record Buckets(TokenBucket records, TokenBucket bytes) {
    }

    private final LimitSettings settings;
    private final Clock clock;
    private final Refusals refusals;
    private final Map<String, Buckets> byToken = new ConcurrentHashMap<>();

    IngestLimiter(LimitSettings settings, Clock clock, Refusals refusals) {
        this.settings = settings;
        this.clock = clock;
        this.refusals = refusals;
    }

    void chargeRecords(String token, long records) {
        if (settings.ingestRecordsPerSecond() > 0) {
            charge(token, buckets(token).records(), records, RECORDS, settings.ingestRecordsPerSecond(), "records");
        }
    }

    void chargeBytes(String token, long bytes) {
        if (settings.ingestBytesPerSecond() > 0) {
            charge(token, buckets(token).bytes(), bytes, BYTES, settings.ingestBytesPerSecond(), "bytes");
        }
    }

    /** A deleted token's buckets go; a token made later under its name starts full. */
    void forget(String token) {
        byToken.remove(token);
    }

    private Buckets buckets(String token) {
        return byToken.computeIfAbsent(token, name -> new Buckets(
                settings.ingestRecordsPerSecond() > 0 ? new TokenBucket(settings.ingestRecordsPerSecond(),
                                                                        clock.instant()) : null,
                settings.ingestBytesPerSecond() > 0 ? new TokenBucket(settings.ingestBytesPerSecond(),
                                                                      clock.instant()) : null));
    }

    private void charge(String token, TokenBucket bucket, long cost, String limit, long perSecond, String unit) {
        long retryAfter = bucket.take(cost, clock.instant());
        if (retryAfter == 0) {
            return;
        }
        String over = limit + " is " + perSecond + " " + unit + " per second";
        refusals.refused(token, limit, over);
        throw new ApiException(429, "rate_limited", "token '" + token + "' is over its ingest limit: " + over
                + " (vigil.yaml); this request of " + cost + " " + unit + " was not stored, retry after "
                + retryAfter + " s", Map.of("limit", limit, "per_second", perSecond, "requested", cost,
                                            "retry_after_seconds", retryAfter), Math.toIntExact(
                Math.min(retryAfter, Integer.MAX_VALUE)));
    }
}
