package dev.vigil.plugins.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.ScrapedMetrics;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.Test;

/** The packaged plugin, loaded through PF4J by a real kernel, over real HTTP. */
class HelloPluginIT {

    @Test
    void storesAndListsNotesWithTheCallersName() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            HttpResult stored = server.post("/api/v1/hello/notes", "{\"text\":\"first\"}", server.adminToken());
            assertEquals(201, stored.status(), stored.body());

            HttpResult notes = server.get("/api/v1/hello/notes", server.viewerToken());
            assertEquals(200, notes.status());
            assertEquals("first", notes.json().at("/notes/0/text").asText());
            assertEquals("test-admin", notes.json().at("/notes/0/author").asText());
        }
    }

    @Test
    void refusesAnEmptyNoteNamingTheFieldAndKeepsWhatIsStored() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            server.post("/api/v1/hello/notes", "{\"text\":\"kept\"}", server.adminToken());
            HttpResult refused = server.post("/api/v1/hello/notes", "{\"text\":\"\"}", server.adminToken());
            assertEquals(400, refused.status());
            assertTrue(refused.errorMessage().startsWith("text:"), refused.body());
            assertEquals(1, server.get("/api/v1/hello/notes", server.viewerToken()).json().get("notes").size());
        }
    }

    @Test
    void showsTheNumberOfNotesOnMetricsAsAGauge() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            assertEquals(0, ScrapedMetrics.of(server).value("vigil_hello_notes"));
            server.post("/api/v1/hello/notes", "{\"text\":\"one\"}", server.adminToken());
            server.post("/api/v1/hello/notes", "{\"text\":\"two\"}", server.adminToken());

            ScrapedMetrics metrics = ScrapedMetrics.of(server);
            assertEquals(2, metrics.value("vigil_hello_notes"));
            assertEquals("gauge", metrics.typeOf("vigil_hello_notes"));
            metrics.assertPromtoolFindsNothing();
        }
    }

    @Test
    void followsALiveConfigEdit() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            server.writeConfig("hello", "greeting: Bonjour\n");
            TestServer.await(Duration.ofSeconds(5), "the new greeting", () -> "Bonjour".equals(
                    server.get("/api/v1/hello/greeting", server.viewerToken()).json().get("greeting").asText()));
        }
    }
}
