package com.example.vigil.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.Test;

/**
 * The packaged zip (target/notices-1.0.0.zip), loaded by a real Vigil kernel through PF4J, over real HTTP: what
 * Vigil's own plugins are tested with, from the published vigil-testkit.
 */
class NoticesPluginIT {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @Test
    void postsNoticesAndShowsThemUnderTheConfiguredTitle() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("notices", "title: Ops notices\n")
                .start()) {
            HttpResult posted = server.post("/api/v1/notices/notices", "{\"text\":\"deploy at 5\"}",
                                            server.adminToken());
            assertEquals(201, posted.status(), posted.body());

            HttpResult board = server.get("/api/v1/notices/board", server.viewerToken());
            assertEquals(200, board.status(), board.body());
            assertEquals("Ops notices", board.json().get("title").asText());
            assertEquals("deploy at 5", board.json().at("/notices/0/text").asText());
            assertEquals("test-admin", board.json().at("/notices/0/author").asText());
        }
    }

    @Test
    void aViewerMayReadButNotPostAndAnEmptyNoticeIsRefusedNamingTheField() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            assertEquals(403, server.post("/api/v1/notices/notices", "{\"text\":\"hi\"}", server.viewerToken())
                    .status());
            HttpResult refused = server.post("/api/v1/notices/notices", "{\"text\":\" \"}", server.adminToken());
            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.errorMessage().startsWith("text:"), refused.body());
            assertEquals(0, server.get("/api/v1/notices/board", server.viewerToken()).json().get("notices").size());
        }
    }

    @Test
    void theExpireTaskDeletesNoticesOlderThanKeepFor() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
        try (TestServer server = TestServer.builder().pluginUnderTest().clock(clock).config("notices", "keep-for: 1h\n")
                .start()) {
            server.post("/api/v1/notices/notices", "{\"text\":\"old\"}", server.adminToken());
            clock.advance(Duration.ofMinutes(90));
            server.post("/api/v1/notices/notices", "{\"text\":\"new\"}", server.adminToken());

            assertEquals(202, server.post("/api/v1/admin/plugins/notices/tasks/expire/run", null,
                                          server.adminToken()).status());
            TestServer.await(FIVE_SECONDS, "the old notice to expire", () -> server.get(
                    "/api/v1/notices/board", server.viewerToken()).json().get("notices").size() == 1);
            assertEquals("new", server.get("/api/v1/notices/board", server.viewerToken()).json()
                    .at("/notices/0/text").asText());
        }
    }

    @Test
    void anInvalidConfigFileFailsThePluginNamingTheKey() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("notices", "keep-for: soon\n")
                .start()) {
            HttpResult plugin = server.get("/api/v1/admin/plugins/notices", server.viewerToken());
            assertEquals("FAILED", plugin.json().get("state").asText(), plugin.body());
            assertTrue(plugin.json().get("error").asText().contains("keep-for"), plugin.body());
        }
    }
}
