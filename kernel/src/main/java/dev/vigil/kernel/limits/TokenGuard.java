package dev.vigil.kernel.limits;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import dev.vigil.api.http.Caller;
import dev.vigil.api.http.IngestAllowance;
import dev.vigil.api.http.Role;
import dev.vigil.api.http.TokenGrant;

import io.helidon.webserver.http.ServerRequest;

/**
 * What the kernel attaches to each authenticated request before its handler runs: the token's grant (does it still
 * hold, its live answers) and, on ingest routes, its ingest allowance, after charging the body's declared bytes.
 */
public final class TokenGuard {

    private final LimitSettings settings;
    private final Predicate<Caller> holds;
    private final Refusals refusals;
    private final IngestLimiter ingest;
    private final LiveAnswers liveAnswers;

    /** @param holds whether a caller's token still exists with the caller's role */
    public TokenGuard(LimitSettings settings, Predicate<Caller> holds, Clock clock) {
        this.settings = settings;
        this.holds = holds;
        this.refusals = new Refusals(clock);
        this.ingest = new IngestLimiter(settings, clock, refusals);
        this.liveAnswers = new LiveAnswers(settings.liveStreams(), refusals);
    }

    /**
     * Registers the caller's grant and allowance in the request's context.
     *
     * @throws dev.vigil.api.http.ApiException 429 when an ingest body's bytes are over the token's limit
     */
    public void admit(ServerRequest request, Role routeRole) {
        Caller caller = Caller.of(request);
        if (caller.role() == Role.PUBLIC) {
            return;
        }
        String token = caller.tokenName();
        if (routeRole == Role.INGEST) {
            // The declared length, as sent: a body without one (chunked) is limited by its records only.
            long declared = request.headers().contentLength().orElse(0);
            if (declared > 0) {
                ingest.chargeBytes(token, declared);
            }
            request.context().register((IngestAllowance) records -> ingest.chargeRecords(token, records));
        }
        request.context().register(new TokenGrant() {
            @Override
            public boolean holds() {
                return holds.test(caller);
            }

            @Override
            public LiveAnswer openLiveAnswer() {
                return liveAnswers.open(token, this::holds);
            }
        });
    }

    /** A token was deleted (or changed): its live answers end, its rates start afresh should the name return. */
    public void revoked(String token) {
        liveAnswers.revoke(token);
        ingest.forget(token);
    }

    /** The settings and what they refused, over every token. */
    public Map<String, Object> describe() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("ingest_records_per_second", settings.ingestRecordsPerSecond());
        view.put("ingest_bytes_per_second", settings.ingestBytesPerSecond());
        view.put("live_streams_per_token", settings.liveStreams());
        view.put("open_streams", liveAnswers.openTotal());
        view.put("refused", refusals.totals());
        return view;
    }

    /** One token's open streams and refusals. */
    public Map<String, Object> describe(String token) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("open_streams", liveAnswers.open(token));
        view.putAll(refusals.of(token));
        return view;
    }
}
