package dev.vigil.kernel.limits;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.TokenGrant;

/**
 * The long-lived answers open per token: bounded by {@code limits.live-streams}, and told when their token is
 * revoked. The kernel holds a plugin's revocation action only while its answer is open: closing it lets go.
 */
final class LiveAnswers {

    private static final System.Logger LOG = System.getLogger(LiveAnswers.class.getName());
    static final String STREAMS = "limits.live-streams";
    private static final int RETRY_AFTER_SECONDS = 10;

    private final int perToken;
    private final Refusals refusals;
    private final Map<String, Set<Answer>> byToken = new ConcurrentHashMap<>();

    LiveAnswers(int perToken, Refusals refusals) {
        this.perToken = perToken;
        this.refusals = refusals;
    }

    /**
     * @param holds whether the token still holds, asked when the answer registers its action
     * @throws ApiException 429 when {@code token} has its bound open already
     */
    TokenGrant.LiveAnswer open(String token, BooleanSupplier holds) {
        Answer answer = new Answer(token, holds);
        Set<Answer> open = byToken.computeIfAbsent(token, name -> ConcurrentHashMap.newKeySet());
        synchronized (open) {
            if (open.size() >= perToken) {
                String over = STREAMS + " is " + perToken;
                refusals.refused(token, STREAMS, over);
                throw new ApiException(429, "too_many_streams", "token '" + token + "' has " + open.size()
                        + " live streams open already: " + over + " (vigil.yaml); close one first",
                                       Map.of("limit", STREAMS, "max", perToken, "open", open.size()),
                                       RETRY_AFTER_SECONDS);
            }
            open.add(answer);
        }
        return answer;
    }

    /** Ends every answer of a token that no longer holds. */
    void revoke(String token) {
        for (Answer answer : byToken.getOrDefault(token, Set.of())) {
            try {
                answer.revoke();
            } catch (RuntimeException e) {
                // A plugin's action must not fail the deletion of a token; the answer still ends at its next write.
                LOG.log(System.Logger.Level.WARNING, "ending a live answer of revoked token " + token + " failed", e);
            }
        }
    }

    int open(String token) {
        return byToken.getOrDefault(token, Set.of()).size();
    }

    int openTotal() {
        return byToken.values().stream().mapToInt(Set::size).sum();
    }

    /** One open answer. */
    private final class Answer implements TokenGrant.LiveAnswer {
        private final String token;
        private final BooleanSupplier holds;
        private final AtomicBoolean revoked = new AtomicBoolean();
        private volatile Runnable action;

        Answer(String token, BooleanSupplier holds) {
            this.token = token;
            this.holds = holds;
        }

        @Override
        public void onRevoked(Runnable newAction) {
            action = newAction;
            if (!holds.getAsBoolean()) {
                revoke(); // revoked between the request's arrival and now
            }
        }

        void revoke() {
            Runnable run = action;
            if (run != null && revoked.compareAndSet(false, true)) {
                run.run();
            }
        }

        @Override
        public void close() {
            action = null;
            Set<Answer> open = byToken.get(token);
            if (open != null) {
                open.remove(this);
            }
        }
    }
}
