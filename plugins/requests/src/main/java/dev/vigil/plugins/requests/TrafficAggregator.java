package dev.vigil.plugins.requests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-minute figures of Vigil's own requests, added on the request threads and taken by the flush. Requests are
 * spread over stripes by thread, each with its own lock, so that concurrent requests rarely wait for each other:
 * an add is a map lookup and a histogram increment, no I/O and no allocation beyond the key.
 */
final class TrafficAggregator {

    private static final int STRIPES = 64;

    /**
     * One stripe's figures since the last drain. The unused longs keep the lock words of neighbouring stripes
     * (allocated one after the other) on different cache lines, so that two cores locking two stripes do not
     * contend for one line.
     */
    @SuppressWarnings("unused")
    private static final class Stripe {
        private Map<PeriodKey, RequestStats> minutes = new HashMap<>();
        private Map<UserKey, RequestStats> users = new HashMap<>();
        /** The figures the stripe's last request went to: a busy endpoint's next request skips the map. */
        private long lastMinute = Long.MIN_VALUE;
        /** Requests added to this stripe, for the deterministic sample of published events. */
        private long added;
        private EndpointKey lastEndpoint;
        private RequestStats lastStats;
        private long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15;
    }

    private final Stripe[] stripes = new Stripe[STRIPES];

    TrafficAggregator() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** Adds a request; answers whether it is the {@code sampleEvery}-th of its stripe (one to publish as an event). */
    boolean add(long millis, EndpointKey endpoint, String user, int status, double durationMs, int sampleEvery) {
        Stripe stripe = stripes[(int) (Thread.currentThread().threadId() & (STRIPES - 1))];
        long minute = Periods.floor(millis, Periods.MINUTE);
        synchronized (stripe) {
            if (minute != stripe.lastMinute || !endpoint.equals(stripe.lastEndpoint)) {
                stripe.lastStats = stripe.minutes.computeIfAbsent(new PeriodKey(minute, endpoint),
                                                                  k -> new RequestStats());
                stripe.lastMinute = minute;
                stripe.lastEndpoint = endpoint;
            }
            stripe.lastStats.add(status, durationMs);
            if (user != null) {
                stripe.users.computeIfAbsent(new UserKey(Periods.floor(millis, Periods.HOUR), endpoint.service(),
                                                         user), k -> new RequestStats()).add(status, durationMs);
            }
            return ++stripe.added % sampleEvery == 0;
        }
    }

    /** Takes the figures added since the last drain, merged across stripes. */
    List<OwnTraffic> drain() {
        Map<PeriodKey, RequestStats> minutes = new HashMap<>();
        Map<UserKey, RequestStats> users = new HashMap<>();
        for (Stripe stripe : stripes) {
            Map<PeriodKey, RequestStats> stripeMinutes;
            Map<UserKey, RequestStats> stripeUsers;
            synchronized (stripe) {
                stripeMinutes = stripe.minutes;
                stripeUsers = stripe.users;
                stripe.minutes = new HashMap<>();
                stripe.users = new HashMap<>();
                stripe.lastMinute = Long.MIN_VALUE;
                stripe.lastEndpoint = null;
                stripe.lastStats = null;
            }
            stripeMinutes.forEach((key, stats) -> minutes.merge(key, stats, (a, b) -> {
                a.merge(b);
                return a;
            }));
            stripeUsers.forEach((key, stats) -> users.merge(key, stats, (a, b) -> {
                a.merge(b);
                return a;
            }));
        }
        List<OwnTraffic> items = new ArrayList<>(minutes.size() + users.size());
        minutes.forEach((key, stats) -> items.add(new OwnTraffic.Minute(key, stats)));
        users.forEach((key, stats) -> items.add(new OwnTraffic.User(key, stats)));
        return items;
    }
}
