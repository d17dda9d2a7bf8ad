package dev.vigil.plugins.requests;

import dev.vigil.api.events.RequestEvent;

/** What the own-traffic queue carries: notable requests kept raw, and figures aggregated in memory. */
sealed interface OwnTraffic {

    /** A slow or failed request of Vigil's, kept for the slow list; already counted in the figures. */
    record Raw(RequestEvent record) implements OwnTraffic {
    }

    /** The figures of one endpoint in one minute since the last flush. */
    record Minute(PeriodKey key, RequestStats stats) implements OwnTraffic {
    }

    /** The counters of one caller in one hour since the last flush. */
    record User(UserKey key, RequestStats stats) implements OwnTraffic {
    }
}
