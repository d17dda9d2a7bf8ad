package dev.vigil.plugins.errors;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.vigil.api.http.TimestampWindow;

/**
 * {@code config/plugins/errors.yaml}. Every value is read again at each use, so an edit applies at once, except
 * {@code queue-capacity}, which sizes the write queue when the plugin starts.
 *
 * @param retention           how long groups, occurrences and counts are kept after they were last seen
 * @param retentionInterval   time between two runs of the retention task
 * @param maxBatchRecords     most records one ingest request may hold
 * @param maxBodyBytes        largest ingest request body
 * @param occurrencesPerGroup full occurrences kept per group (the newest)
 * @param maxMessageLength    longer messages are cut (and marked) before they are stored
 * @param maxStackLength      longer raw stacks are cut (and marked) before they are stored
 * @param maxFrames           frames kept per exception (innermost first)
 * @param maxContextBytes     largest free-form context of one record, as JSON
 * @param extraScrubKeys      keys whose values are scrubbed, in addition to the built-in ones
 * @param truncateClientIp    store client IPs truncated to their /24 (IPv4) or /48 (IPv6)
 * @param inAppPrefixes       module or file prefixes that are always the application's own code
 * @param libraryPrefixes     module or file prefixes that are library code, in addition to the built-in ones
 * @param queueCapacity       error events waiting to be written at most; beyond, ingest answers 503
 * @param ingestTimeout       how long an ingest request waits for its batch to be stored before a 503
 */
public record ErrorsConfig(Duration retention, Duration retentionInterval, int maxBatchRecords, long maxBodyBytes,
                           int occurrencesPerGroup, int maxMessageLength, int maxStackLength, int maxFrames,
                           int maxContextBytes, List<String> extraScrubKeys, boolean truncateClientIp,
                           List<String> inAppPrefixes, List<String> libraryPrefixes, int queueCapacity,
                           Duration ingestTimeout) {

    static final ErrorsConfig DEFAULTS = new ErrorsConfig(Duration.ofDays(90), Duration.ofHours(1), 1000,
                                                          5L * 1024 * 1024, 20, 8192, 65_536, 200, 16_384,
                                                          List.of(), false, List.of(), List.of(), 50_000,
                                                          Duration.ofSeconds(10));

    public ErrorsConfig {
        requirePositive("retention", retention);
        if (retention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("retention must be at least 1h, got " + retention);
        }
        requirePositive("retention-interval", retentionInterval);
        requireBetween("max-batch-records", maxBatchRecords, 1, 100_000);
        if (maxBodyBytes < 1024 || maxBodyBytes > 100L * 1024 * 1024) {
            throw new IllegalArgumentException("max-body-bytes must be between 1024 and 104857600, got "
                                                       + maxBodyBytes);
        }
        requireBetween("occurrences-per-group", occurrencesPerGroup, 1, 1000);
        requireBetween("max-message-length", maxMessageLength, 100, 1_000_000);
        requireBetween("max-stack-length", maxStackLength, 1000, 10_000_000);
        requireBetween("max-frames", maxFrames, 1, 10_000);
        requireBetween("max-context-bytes", maxContextBytes, 100, 10_000_000);
        requireBetween("queue-capacity", queueCapacity, 100, 10_000_000);
        requirePositive("ingest-timeout", ingestTimeout);
        extraScrubKeys = copyOfTexts("extra-scrub-keys", extraScrubKeys);
        inAppPrefixes = copyOfTexts("in-app-prefixes", inAppPrefixes);
        libraryPrefixes = copyOfTexts("library-prefixes", libraryPrefixes);
    }

    /** The times ingest accepts: an error older than the retention would be deleted at once. */
    TimestampWindow timestampWindow(Instant now) {
        return new TimestampWindow(now, retention, TimestampWindow.DEFAULT_CLOCK_SKEW);
    }

    InAppRules inAppRules() {
        return new InAppRules(inAppPrefixes, libraryPrefixes);
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(key + " must be a positive duration such as 30s, 1h or 90d, got "
                                                       + value);
        }
    }

    private static void requireBetween(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static List<String> copyOfTexts(String key, List<String> values) {
        if (values == null) {
            return List.of();
        }
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(key + " must not hold empty entries");
            }
        }
        return List.copyOf(values);
    }
}
