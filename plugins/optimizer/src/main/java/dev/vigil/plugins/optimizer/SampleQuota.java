package dev.vigil.plugins.optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.vigil.api.events.RequestEvent;

/**
 * Chooses which requests to keep as training samples: at most a fixed number per endpoint and minute, chosen
 * uniformly at random among those of a batch. This bounds storage under heavy traffic and keeps quiet endpoints
 * represented next to busy ones. Counts are remembered for the most recent endpoint-minutes only (a bounded map).
 */
final class SampleQuota {

    private static final int REMEMBERED_MINUTES = 50_000;

    private final Random random;
    private final Map<MinuteRow.MinuteKey, Integer> taken = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MinuteRow.MinuteKey, Integer> eldest) {
            return size() > REMEMBERED_MINUTES;
        }
    };

    SampleQuota(Random random) {
        this.random = random;
    }

    /**
     * The requests of {@code batch} to keep, given {@code perMinute} per endpoint and minute: one pass, keeping a
     * uniform random reservoir per endpoint and minute. Records are grouped by their own strings (whose hashes the
     * requests plugin has computed already) through one reused probe key: a record costs a lookup, no allocation.
     */
    synchronized List<RequestSample> select(List<RequestEvent> batch, int perMinute) {
        Map<Group, Reservoir> reservoirs = new LinkedHashMap<>();
        Group probe = new Group();
        for (RequestEvent event : batch) {
            probe.set(MinuteRow.minuteOf(event.timestamp().toEpochMilli()), event.service(), event.method(),
                      event.endpoint());
            Reservoir reservoir = reservoirs.get(probe);
            if (reservoir == null) {
                MinuteRow.MinuteKey key = new MinuteRow.MinuteKey(
                        probe.minute, EndpointKey.of(event.service(), event.method(), event.endpoint()));
                reservoir = new Reservoir(key, Math.max(0, perMinute - taken.getOrDefault(key, 0)));
                reservoirs.put(probe.copy(), reservoir);
            }
            reservoir.offer(event, random);
        }
        List<RequestSample> chosen = new ArrayList<>();
        Map<MinuteRow.MinuteKey, Integer> keptPerKey = new LinkedHashMap<>();
        for (Reservoir reservoir : reservoirs.values()) {
            reservoir.kept.forEach(event -> chosen.add(RequestSample.of(event)));
            // Two spellings of one endpoint (a method in lower case) are one key: their counts add up.
            keptPerKey.merge(reservoir.key, reservoir.kept.size(), Integer::sum);
        }
        keptPerKey.forEach((key, kept) -> {
            if (kept > 0) {
                taken.put(key, taken.getOrDefault(key, 0) + kept);
            }
        });
        return chosen;
    }

    /** An endpoint and minute as a record spells it: the lookup key of one pass. */
    private static final class Group {
        long minute;
        String service;
        String method;
        String endpoint;
        int hash;

        void set(long minuteAt, String serviceName, String methodName, String endpointName) {
            minute = minuteAt;
            service = serviceName;
            method = methodName;
            endpoint = endpointName;
            hash = ((Long.hashCode(minuteAt) * 31 + serviceName.hashCode()) * 31 + methodName.hashCode()) * 31
                    + endpointName.hashCode();
        }

        Group copy() {
            Group copy = new Group();
            copy.set(minute, service, method, endpoint);
            return copy;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Group that && minute == that.minute && endpoint.equals(that.endpoint)
                    && method.equals(that.method) && service.equals(that.service);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A uniform random subset of at most {@code room} of the events offered (Vitter's algorithm R). */
    private static final class Reservoir {
        final MinuteRow.MinuteKey key;
        final int room;
        final List<RequestEvent> kept = new ArrayList<>();
        int seen;

        Reservoir(MinuteRow.MinuteKey key, int room) {
            this.key = key;
            this.room = room;
        }

        void offer(RequestEvent event, Random random) {
            if (room == 0) {
                return;
            }
            seen++;
            if (kept.size() < room) {
                kept.add(event);
            } else {
                int slot = random.nextInt(seen);
                if (slot < room) {
                    kept.set(slot, event);
                }
            }
        }
    }
}
