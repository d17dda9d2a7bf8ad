package dev.vigil.plugins.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.http.Caller;
import dev.vigil.api.http.QueryParams;
import dev.vigil.api.http.TokenGrant;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /api/v1/dashboard/stream}: a text/event-stream of new signals, alert changes and plugin state
 * changes. The handler runs on its own virtual thread for as long as the browser stays: it waits on the client's
 * queue, writes what arrived and flushes; a comment line after {@code stream-keepalive} of silence keeps proxies
 * from closing the connection and finds out when the browser has gone (the next write fails). The stream counts
 * against its token's bound of live streams, and ends (with a {@code revoked} event) when its token is deleted.
 */
final class StreamRoute {

    private static final int MAX_EVENTS_PER_WRITE = 500;
    private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.UTF_8);
    /** The last event of a stream whose token was deleted: the page stops reconnecting and asks to sign in. */
    private static final byte[] REVOKED = new StreamEvent("revoked", "{\"reason\":\"the token was deleted or its "
            + "role changed\"}").bytes();

    private final StreamHub hub;
    private final LiveConfig<DashboardConfig> config;
    private final Clock clock;
    private final System.Logger log;

    StreamRoute(StreamHub hub, LiveConfig<DashboardConfig> config, Clock clock, System.Logger log) {
        this.hub = hub;
        this.config = config;
        this.clock = clock;
        this.log = log;
    }

    void stream(ServerRequest request, ServerResponse response) {
        SignalFilter filter = SignalFilter.parse(QueryParams.string(request, "signals").orElse(null),
                                                 QueryParams.bool(request, "labelled", false));
        DashboardConfig settings = config.get();
        String caller = Caller.of(request).tokenName();
        TokenGrant grant = TokenGrant.of(request);
        try (TokenGrant.LiveAnswer live = grant.openLiveAnswer()) {
            StreamClient client = hub.connect(caller, filter, settings.streamQueueCapacity(),
                                              settings.maxStreamClients());
            // A deleted token wakes the writer, which ends the response: nobody keeps streaming on a revoked token.
            live.onRevoked(client::close);
            stream(client, grant, response);
        }
    }

    private void stream(StreamClient client, TokenGrant grant, ServerResponse response) {
        try {
            response.status(Status.OK_200);
            response.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.header(HeaderNames.CACHE_CONTROL, "no-cache, no-store");
            response.header(HeaderNames.create("X-Accel-Buffering"), "no"); // nginx: do not buffer the stream
            OutputStream out = response.outputStream();
            out.write(("retry: 3000\n\n").getBytes(StandardCharsets.UTF_8));
            out.write(new StreamEvent("hello", hub.json(hello(client))).bytes());
            out.flush();
            pump(client, out);
            if (!grant.holds()) {
                out.write(REVOKED);
            }
            out.close();
            // Helidon completes a streamed response only after the handler returns, but the kernel wants it
            // complete before: commit it here (ends the chunked body; Helidon's own commit is then a no-op).
            if (response instanceof RoutingResponse routing) {
                routing.commit();
            }
        } catch (UncheckedIOException e) {
            // The browser went away: the normal end of a stream, found at the next write. The kernel recognises
            // this exception as a client that left.
            log.log(System.Logger.Level.DEBUG, "stream {0} of {1} closed by the client", client.id(),
                    client.caller());
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("stream interrupted"));
        } finally {
            hub.disconnect(client);
        }
    }

    private void pump(StreamClient client, OutputStream out) throws IOException, InterruptedException {
        while (!client.closed()) {
            List<StreamEvent> events = client.take(config.get().streamKeepalive(), MAX_EVENTS_PER_WRITE);
            if (events.isEmpty() && !client.closed()) {
                out.write(KEEPALIVE);
            }
            for (StreamEvent event : events) {
                out.write(event.bytes());
            }
            long dropped = client.takeDropped();
            if (dropped > 0) {
                out.write(new StreamEvent("dropped", "{\"count\":" + dropped + "}").bytes());
            }
            out.flush();
        }
    }

    private Map<String, Object> hello(StreamClient client) {
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("client_id", client.id());
        hello.put("server_time", clock.instant());
        hello.put("signals", client.filter().prefixes());
        hello.put("labelled", client.filter().labelled());
        return hello;
    }
}
