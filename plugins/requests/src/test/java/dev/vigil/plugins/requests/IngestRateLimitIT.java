package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import dev.vigil.kernel.limits.LimitSettings;
import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Per-token ingest limits ({@code limits} in vigil.yaml) over real HTTP. The server's clock stands still unless the
 * test moves it, so a bucket refills only when the test says so.
 */
class IngestRateLimitIT {

    private static final Instant START = Instant.parse("2030-01-01T00:00:10Z");
    private static final String QUIET = "record-own-traffic: false\n";
    private static final String INGEST = "/api/v1/requests/ingest";

    private static Batch records(int count) {
        Batch batch = Batch.of();
        for (int i = 0; i < count; i++) {
            batch.add(START, "/a", 200, 10);
        }
        return batch;
    }

    private static long stored(TestServer server) {
        return server.get("/api/v1/requests/summary?hours=24&service=shop", server.viewerToken()).json().get("total")
                .asLong();
    }

    private static String createIngestToken(TestServer server, String name) {
        HttpResult created = server.post("/api/v1/admin/tokens", "{\"name\":\"" + name + "\",\"role\":\"ingest\"}",
                                         server.adminToken());
        assertEquals(201, created.status(), created.body());
        return created.json().get("token").asText();
    }

    private static JsonNode tokenLimits(TestServer server, String name) {
        for (JsonNode token : server.get("/api/v1/admin/tokens", server.adminToken()).json().get("tokens")) {
            if (token.get("name").asText().equals(name)) {
                return token.get("limits");
            }
        }
        throw new AssertionError("no token " + name + " in the admin API");
    }

    @Test
    void aTokenOverItsRecordsPerSecondGets429AndNothingOfThatBatchIsStored() throws Exception {
        MutableClock clock = new MutableClock(START);
        try (TestServer server = TestServer.builder().pluginUnderTest().config("requests", QUIET).clock(clock)
                .limits(new LimitSettings(10, 0, 4)).start()) {
            String otherApp = createIngestToken(server, "other-app");
            assertEquals(200, server.post(INGEST, records(10).json(), server.ingestToken()).status());

            HttpResult over = server.post(INGEST, records(3).json(), server.ingestToken());
            assertEquals(429, over.status(), over.body());
            assertEquals("rate_limited", over.errorCode());
            assertTrue(over.errorMessage().contains("limits.ingest-records-per-second is 10 records per second"),
                       over.errorMessage());
            assertEquals("limits.ingest-records-per-second", over.json().at("/error/details/limit").asText());
            assertEquals("1", over.header("Retry-After"));
            assertEquals(10, stored(server), "the refused batch left nothing behind");

            assertEquals(200, server.post(INGEST, records(10).json(), otherApp).status(),
                         "another token has its own allowance");
            assertEquals(20, stored(server));

            clock.advance(Duration.ofSeconds(1));
            assertEquals(200, server.post(INGEST, records(10).json(), server.ingestToken()).status(),
                         "a second later the token may send again");
            assertEquals(30, stored(server));

            JsonNode limits = tokenLimits(server, "test-ingest");
            assertEquals(1, limits.at("/refused/limits.ingest-records-per-second").asInt(), limits.toString());
            assertTrue(tokenLimits(server, "other-app").path("refused").isMissingNode());
            JsonNode status = server.get("/api/v1/admin/status", server.viewerToken()).json().get("limits");
            assertEquals(10, status.get("ingest_records_per_second").asLong());
            assertEquals(0, status.get("ingest_bytes_per_second").asLong());
            assertEquals(1, status.at("/refused/limits.ingest-records-per-second").asInt());
        }
    }

    @Test
    void aTokenOverItsBytesPerSecondGets429BeforeItsBodyIsRead() throws Exception {
        MutableClock clock = new MutableClock(START);
        try (TestServer server = TestServer.builder().pluginUnderTest().config("requests", QUIET).clock(clock)
                .limits(new LimitSettings(0, 4000, 4)).start()) {
            String otherApp = createIngestToken(server, "other-app");
            String body = records(20).json();
            assertTrue(body.length() > 2000 && body.length() <= 4000, "a body of " + body.length() + " bytes");
            assertEquals(200, server.post(INGEST, body, server.ingestToken()).status());

            HttpResult over = server.post(INGEST, body, server.ingestToken());
            assertEquals(429, over.status(), over.body());
            assertEquals("rate_limited", over.errorCode());
            assertTrue(over.errorMessage().contains("limits.ingest-bytes-per-second is 4000 bytes per second"),
                       over.errorMessage());
            assertEquals("limits.ingest-bytes-per-second", over.json().at("/error/details/limit").asText());
            assertEquals("1", over.header("Retry-After"));
            assertEquals(20, stored(server), "the refused body left nothing behind");

            assertEquals(200, server.post(INGEST, body, otherApp).status(), "another token has its own allowance");
            assertEquals(40, stored(server));
            clock.advance(Duration.ofSeconds(1));
            assertEquals(200, server.post(INGEST, body, server.ingestToken()).status());
        }
    }
}
