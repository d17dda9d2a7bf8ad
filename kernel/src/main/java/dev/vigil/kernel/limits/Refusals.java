package dev.vigil.kernel.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests refused by a limit, counted per token and limit for the admin API, and logged at most once a minute
 * per token: a client hammering at its limit must not flood the log with a line per request.
 */
final class Refusals {

    private static final System.Logger LOG = System.getLogger(Refusals.class.getName());
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);

    /** One token's refusals. */
    private static final class PerToken {
        private final Map<String, Long> totals = new TreeMap<>();
        private long sinceLogged;
        private Instant loggedAt;
        private Instant lastAt;
    }

    private final Map<String, PerToken> byToken = new ConcurrentHashMap<>();
    private final Clock clock;

    Refusals(Clock clock) {
        this.clock = clock;
    }

    /** Counts a refusal of {@code token}'s request by {@code limit} ({@code detail} says what it was over). */
    void refused(String token, String limit, String detail) {
        Instant now = clock.instant();
        PerToken state = byToken.computeIfAbsent(token, name -> new PerToken());
        synchronized (state) {
            state.totals.merge(limit, 1L, Long::sum);
            state.sinceLogged++;
            state.lastAt = now;
            if (state.loggedAt != null && now.isBefore(state.loggedAt.plus(LOG_EVERY))) {
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "token {0} is rate-limited: {1} ({2} request(s) refused since the "
                    + "last report; logged at most once a minute)", token, detail, state.sinceLogged);
            state.loggedAt = now;
            state.sinceLogged = 0;
        }
    }

    /** Refusals per limit of one token, and when the last was. */
    Map<String, Object> of(String token) {
        PerToken state = byToken.get(token);
        if (state == null) {
            return Map.of();
        }
        synchronized (state) {
            return Map.of("refused", Map.copyOf(state.totals), "last_refused_at", state.lastAt);
        }
    }

    /** Refusals per limit over every token. */
    Map<String, Long> totals() {
        Map<String, Long> totals = new TreeMap<>();
        byToken.values().forEach(state -> {
            synchronized (state) {
                state.totals.forEach((limit, count) -> totals.merge(limit, count, Long::sum));
            }
        });
        return totals;
    }
}
