package dev.vigil.api.http;

import io.helidon.webserver.http.ServerRequest;

/**
 * What a request's token is granted beyond the role check the kernel made when the request arrived. A long-lived
 * answer (an event stream) outlives that check: it asks {@link #holds()}, or opens a {@link LiveAnswer} and is told
 * when the token is deleted (or its role changes), and then ends. Open live answers are bounded per token.
 */
public interface TokenGrant {

    /** The grant of a request without a token (public routes) or outside the kernel: always holds, never bounded. */
    TokenGrant UNBOUNDED = new TokenGrant() {
        @Override
        public boolean holds() {
            return true;
        }

        @Override
        public LiveAnswer openLiveAnswer() {
            return new LiveAnswer() {
                @Override
                public void onRevoked(Runnable action) {
                    // nothing revokes an anonymous caller
                }

                @Override
                public void close() {
                    // nothing was counted
                }
            };
        }
    };

    /** Whether the token still exists with the role it had when the request arrived. */
    boolean holds();

    /**
     * Counts one long-lived answer against the token's bound ({@code limits.live-streams} in vigil.yaml).
     * Close it when the answer ends.
     *
     * @throws ApiException 429 when the token has that many open already
     */
    LiveAnswer openLiveAnswer();

    /** The grant of the request the kernel is serving. */
    static TokenGrant of(ServerRequest request) {
        return request.context().get(TokenGrant.class).orElse(UNBOUNDED);
    }

    /** One open long-lived answer, counted until it is closed. */
    interface LiveAnswer extends AutoCloseable {

        /**
         * Runs {@code action} once when the token no longer holds, on the thread that revoked it (at once when that
         * has happened already). Keep it short: wake the answer's writer so it finishes the response.
         */
        void onRevoked(Runnable action);

        @Override
        void close();
    }
}
