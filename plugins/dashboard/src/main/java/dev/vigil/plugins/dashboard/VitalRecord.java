package dev.vigil.plugins.dashboard;

import java.time.Instant;

/** One thing vigil.js reported, as validated and normalised for storage. */
sealed interface VitalRecord {

    PageKey page();

    /** When it was measured: the browser's time when it sent one within bounds, else when the server got it. */
    Instant time();

    /** A Web Vital or a navigation timing of one page view. */
    record Measurement(PageKey page, Instant time, WebVital metric, double value) implements VitalRecord {
    }

    /** A resource (script, image, API call) the page waited on for longer than the slow threshold. */
    record SlowResource(PageKey page, Instant time, String url, String initiator, double durationMs,
                        Long transferBytes) implements VitalRecord {
    }
}
