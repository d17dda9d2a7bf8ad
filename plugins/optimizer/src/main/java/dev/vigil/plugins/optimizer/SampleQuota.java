package dev.vigil.plugins.optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.vigil.api.events.RequestEvent;

/**
 * Chooses which requests to keep as training samples: at most a fixed number per endpoint and minute, chosen at
 * random among those of a batch. This bounds storage under heavy traffic and keeps quiet endpoints represented next
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

    /** The requests of {@code batch} to keep, given {@code perMinute} per endpoint and minute. */
    synchronized List<RequestSample> select(List<RequestEvent> batch, int perMinute) {
        Map<MinuteRow.MinuteKey, List<RequestEvent>> groups = new LinkedHashMap<>();
        for (RequestEvent event : batch) {
            EndpointKey key = EndpointKey.of(event.service(), event.method(), event.endpoint());
            groups.computeIfAbsent(new MinuteRow.MinuteKey(MinuteRow.minuteOf(event.timestamp().toEpochMilli()), key),
                                   k -> new ArrayList<>()).add(event);
        }
        List<RequestSample> chosen = new ArrayList<>();
        groups.forEach((key, events) -> {
            int already = taken.getOrDefault(key, 0);
            int room = Math.max(0, perMinute - already);
            int count = Math.min(room, events.size());
            // A partial Fisher-Yates shuffle: the first `count` entries become a uniform random subset.
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(events.size() - i);
                RequestEvent swap = events.get(i);
                events.set(i, events.get(j));
                events.set(j, swap);
                chosen.add(RequestSample.of(events.get(i)));
            }
            if (count > 0) {
                taken.put(key, already + count);
            }
        });
        return chosen;
    }
}
