package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * With a queue that holds one batch, concurrent batches find it full: they are answered 503 with Retry-After at
 * once (never blocked, never dropped silently), and exactly the acknowledged batches are stored.
 */
class FullQueueIT {

    private static final int BATCH = 1000;
    private static final String ONE_BATCH_QUEUE = """
            ingest-queue-capacity: 1000
            max-batch-records: 1000
            record-own-traffic: false
            """;

    @Test
    void aFullQueueAnswers503WithRetryAfterAndStoresExactlyWhatItAcknowledged() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("requests", ONE_BATCH_QUEUE).start()) {
            Batch batch = Batch.of();
            Instant now = Instant.now();
            for (int i = 0; i < BATCH; i++) {
                batch.add(now, "/burst", 200, i % 100);
            }
            String body = batch.json();
            HttpClient http = HttpClient.newHttpClient();
            int accepted = 0;
            HttpResponse<String> refused = null;
            for (int round = 0; round < 20 && refused == null; round++) {
                List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    burst.add(http.sendAsync(HttpRequest.newBuilder(server.uri("/api/v1/requests/ingest"))
                                                     .header("Authorization", "Bearer " + server.ingestToken())
                                                     .header("Content-Type", "application/json")
                                                     .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                             HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> each : burst) {
                    HttpResponse<String> response = each.get();
                    if (response.statusCode() == 200) {
                        accepted++;
                    } else {
                        assertEquals(503, response.statusCode(), response.body());
                        refused = response;
                    }
                }
            }
            assertNotNull(refused, "twelve concurrent batches never found the one-batch queue full");
            String retryAfter = refused.headers().firstValue("Retry-After").orElse(null);
            assertNotNull(retryAfter, "a 503 must say when to retry");
            assertTrue(Integer.parseInt(retryAfter) >= 1, retryAfter);
            assertEquals("overloaded", new ObjectMapper().readTree(refused.body()).at("/error/code").asText());

            long stored = server.get("/api/v1/requests/summary?service=shop", server.viewerToken()).json()
                    .get("total").asLong();
            assertEquals((long) accepted * BATCH, stored);
            TestServer.await(Duration.ofSeconds(5), "the status to count what was accepted", () -> server.get(
                    "/api/v1/requests/status", server.viewerToken()).json().get("ingested_records").asLong()
                    == stored);
        }
    }
}
