package dev.vigil.plugins.optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.vigil.api.events.RequestEvent;

/**
 * Chooses which requests to keep as training samples: at most a fixed number per endpoint and minute, chosen
 * uniformly at random among those of a batch. This bounds storage under heavy traffic and keeps quiet endpoints represented next
 * to busy ones. Counts are remembered for the most recent endpoint-minutes only (a bounded map).
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
     * uniform random reservoir per endpoint and minute, so that a batch of thousands costs a lookup per record.
     */
    synchronized List<RequestSample> select(List<RequestEvent> batch, int perMinute) {
        Map<MinuteRow.MinuteKey, Reservoir> reservoirs = new LinkedHashMap<>();
        Reservoir last = null;
        String lastService = null;
        String lastMethod = null;
        String lastEndpoint = null;
        long lastMinute = Long.MIN_VALUE;
        for (RequestEvent event : batch) {
            long minute = MinuteRow.minuteOf(event.timestamp().toEpochMilli());
            if (last == null || minute != lastMinute || !event.endpoint().equals(lastEndpoint)
                    || !event.method().equals(lastMethod) || !event.service().equals(lastService)) {
                MinuteRow.MinuteKey key = new MinuteRow.MinuteKey(
                        minute, EndpointKey.of(event.service(), event.method(), event.endpoint()));
                last = reservoirs.computeIfAbsent(key, k -> new Reservoir(Math.max(0, perMinute
                        - taken.getOrDefault(k, 0))));
                lastMinute = minute;
                lastService = event.service();
                lastMethod = event.method();
                lastEndpoint = event.endpoint();
            }
            last.offer(event, random);
        }
        List<RequestSample> chosen = new ArrayList<>();
        reservoirs.forEach((key, reservoir) -> {
            if (!reservoir.kept.isEmpty()) {
                reservoir.kept.forEach(event -> chosen.add(RequestSample.of(event)));
                taken.put(key, taken.getOrDefault(key, 0) + reservoir.kept.size());
            }
        });
        return chosen;
    }

    /** A uniform random subset of at most {@code room} of the events offered (Vitter's algorithm R). */
    private static final class Reservoir {
        final int room;
        final List<RequestEvent> kept = new ArrayList<>();
        int seen;

        Reservoir(int room) {
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
