package dev.vigil.plugins.dashboard;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.vigil.api.http.IngestAllowance;
import dev.vigil.api.http.IngestBatch;
import dev.vigil.api.http.JsonRecord;
import dev.vigil.api.http.Range;
import dev.vigil.api.http.Ranges;
import dev.vigil.api.http.TimestampWindow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a batch from vigil.js: {@code {"records": [...]}} where each record has a {@code type}: {@code vital}
 * (name, value), {@code navigation} (timings in ms) or {@code resource} (url, initiator, duration_ms). The whole
 * batch is validated before anything is stored; a bad record is a 400 naming {@code records[i].field}. Numbers
 * are read within finite ranges, times within the shared {@link TimestampWindow}.
 */
final class VitalsParser {

    static final int MAX_URL_LENGTH = 2000;
    static final int MAX_RESOURCE_URL_LENGTH = 500;

    /** Navigation timing fields and the measurement each becomes. */
    static final Map<String, WebVital> NAVIGATION_FIELDS = Map.of(
            "dns_ms", WebVital.DNS,
            "connect_ms", WebVital.CONNECT,
            "request_ms", WebVital.REQUEST,
            "response_ms", WebVital.RESPONSE,
            "dom_interactive_ms", WebVital.DOM_INTERACTIVE,
            "dom_content_loaded_ms", WebVital.DOM_CONTENT_LOADED,
            "load_ms", WebVital.LOAD);

    static final Range RESOURCE_MS = Range.of(0, WebVital.MAX_MILLIS);
    private static final Set<String> TYPES = Set.of("vital", "navigation", "resource");

    private VitalsParser() {
    }

    /**
     * @param allowance the token's ingest rate, charged with the batch's records once they are valid
     * @param window    the times accepted; its now is the time of records without a timestamp
     */
    static List<VitalRecord> parse(IngestAllowance allowance, JsonNode body, int maxRecords, TimestampWindow window) {
        List<List<VitalRecord>> perRecord = IngestBatch.parse(body, maxRecords, record -> parseRecord(record, window));
        allowance.chargeRecords(perRecord.size());
        List<VitalRecord> all = new ArrayList<>();
        perRecord.forEach(all::addAll);
        return all;
    }

    private static List<VitalRecord> parseRecord(JsonRecord record, TimestampWindow window) {
        String type = record.optionalEnum("type", TYPES);
        if (type == null) {
            throw record.invalid("type", "is required (one of vital, navigation, resource)");
        }
        PageKey page = page(record);
        // Browsers' clocks drift: vigil.js sends no timestamp, and a client's own is bounded like any other.
        Instant time = window.optional(record, "timestamp", window.now());
        return switch (type) {
            case "vital" -> List.of(vital(record, page, time));
            case "navigation" -> navigation(record, page, time);
            default -> List.of(resource(record, page, time));
        };
    }

    private static PageKey page(JsonRecord record) {
        String url = record.requiredString("page");
        if (url.length() > MAX_URL_LENGTH) {
            throw record.invalid("page", "is longer than " + MAX_URL_LENGTH + " characters");
        }
        String service = record.optionalString("service", PageKey.MAX_SERVICE_LENGTH);
        try {
            return PageKey.of(url, service);
        } catch (IllegalArgumentException e) {
            throw record.invalid("page", e.getMessage());
        }
    }

    private static VitalRecord vital(JsonRecord record, PageKey page, Instant time) {
        WebVital metric = WebVital.find(record.requiredString("name")).filter(WebVital::rated)
                .orElseThrow(() -> record.invalid("name", "must be one of LCP, INP, CLS, FCP, TTFB"));
        return new VitalRecord.Measurement(page, time, metric, value(record, "value", metric));
    }

    private static List<VitalRecord> navigation(JsonRecord record, PageKey page, Instant time) {
        List<VitalRecord> timings = new ArrayList<>();
        NAVIGATION_FIELDS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(field -> {
            if (record.has(field.getKey())) {
                timings.add(new VitalRecord.Measurement(page, time, field.getValue(),
                                                        value(record, field.getKey(), field.getValue())));
            }
        });
        if (timings.isEmpty()) {
            throw record.invalid("load_ms", "a navigation record needs at least one of "
                    + NAVIGATION_FIELDS.keySet().stream().sorted().toList());
        }
        return timings;
    }

    private static VitalRecord resource(JsonRecord record, PageKey page, Instant time) {
        String url = record.requiredString("url");
        if (url.length() > MAX_URL_LENGTH) {
            throw record.invalid("url", "is longer than " + MAX_URL_LENGTH + " characters");
        }
        String initiator = record.optionalString("initiator", 40);
        double duration = record.requiredNumber("duration_ms", RESOURCE_MS);
        Long bytes = record.optionalLong("transfer_bytes", Ranges.BYTES);
        return new VitalRecord.SlowResource(page, time, withoutQuery(url), initiator == null ? "other" : initiator,
                                            duration, bytes);
    }

    private static double value(JsonRecord record, String field, WebVital metric) {
        return record.requiredNumber(field, Range.of(0, metric.maxValue()));
    }

    /** A resource address without its query string or fragment, which may carry personal data. */
    static String withoutQuery(String url) {
        String trimmed = url.trim();
        try {
            URI uri = new URI(trimmed);
            if (uri.getScheme() != null && uri.getHost() != null) {
                // host and port only: user information in an address is a credential
                String kept = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                        + (uri.getRawPath() == null ? "" : uri.getRawPath());
                return cap(kept);
            }
        } catch (URISyntaxException e) {
            // not a URI: fall through to cutting at the first ? or #
        }
        int cut = trimmed.length();
        for (char marker : new char[] {'?', '#'}) {
            int at = trimmed.indexOf(marker);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return cap(trimmed.substring(0, cut));
    }

    private static String cap(String url) {
        return url.length() > MAX_RESOURCE_URL_LENGTH ? url.substring(0, MAX_RESOURCE_URL_LENGTH) : url;
    }
}
