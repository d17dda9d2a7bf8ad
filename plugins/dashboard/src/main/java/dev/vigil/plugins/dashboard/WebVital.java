package dev.vigil.plugins.dashboard;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What vigil.js measures on a page. The five Web Vitals carry Google's published thresholds (rating good up to
 * the first, poor above the second); the navigation timings are shown without a rating.
 */
enum WebVital {
    LCP("Largest Contentful Paint", 2500, 4000, true),
    INP("Interaction to Next Paint", 200, 500, true),
    CLS("Cumulative Layout Shift", 0.1, 0.25, false),
    FCP("First Contentful Paint", 1800, 3000, true),
    TTFB("Time to First Byte", 800, 1800, true),
    DNS("DNS lookup", 0, 0, true),
    CONNECT("Connection (TCP and TLS)", 0, 0, true),
    REQUEST("Request until first byte", 0, 0, true),
    RESPONSE("Response download", 0, 0, true),
    DOM_INTERACTIVE("DOM interactive", 0, 0, true),
    DOM_CONTENT_LOADED("DOMContentLoaded", 0, 0, true),
    LOAD("Load event", 0, 0, true);

    /** The largest value accepted: a page open for an hour is not a measurement of anything. */
    static final double MAX_MILLIS = 3_600_000;
    static final double MAX_CLS = 100;

    private final String title;
    private final double good;
    private final double poor;
    private final boolean millis;

    WebVital(String title, double good, double poor, boolean millis) {
        this.title = title;
        this.good = good;
        this.poor = poor;
        this.millis = millis;
    }

    String title() {
        return title;
    }

    boolean millis() {
        return millis;
    }

    /** Whether this is one of the five Web Vitals (rated), not a navigation timing. */
    boolean rated() {
        return poor > 0;
    }

    double goodUpTo() {
        return good;
    }

    double poorAbove() {
        return poor;
    }

    double maxValue() {
        return millis ? MAX_MILLIS : MAX_CLS;
    }

    /** good, needs-improvement or poor; null for an unrated timing. */
    String rate(double value) {
        if (!rated()) {
            return null;
        }
        return value <= good ? "good" : value <= poor ? "needs-improvement" : "poor";
    }

    /** The name in JSON: lcp, dom_content_loaded... */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<WebVital> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(v -> v.name().equals(wanted)).findFirst();
    }
}
