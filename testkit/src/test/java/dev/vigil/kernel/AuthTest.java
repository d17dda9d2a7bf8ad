package dev.vigil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.LogCapture;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens and roles, over real HTTP. */
class AuthTest {

    @TempDir
    Path dir;

    @Test
    void healthIsOpenAndEverythingElseNeedsAToken() throws Exception {
        try (TestServer server = TestServer.builder().start()) {
            assertEquals(200, server.get("/health", null).status());
            assertEquals(200, server.get("/health?since=2026-11-23T10:00:00Z", null).status(),
                         "a query may hold an unencoded ':' (an ISO time)");

            HttpResult anonymous = server.get("/api/v1/admin/status", null);
            assertEquals(401, anonymous.status());
            assertEquals("unauthorized", anonymous.errorCode());
            assertEquals("Bearer realm=\"vigil\"", anonymous.header("WWW-Authenticate"));

            HttpResult wrong = server.get("/api/v1/admin/status", "not-a-token");
            assertEquals(401, wrong.status());
            assertEquals("the token is not valid", wrong.errorMessage());

            assertEquals(401, server.get("/api/v1/nosuchplugin/x", null).status(),
                         "anonymous callers cannot probe which API paths exist");
            assertEquals(404, server.get("/api/v1/nosuchplugin/x", server.viewerToken()).status());
            assertEquals(401, server.get("/metrics", null).status());
        }
    }

    @Test
    void rolesDecideWhatATokenMayDo() throws Exception {
        try (TestServer server = TestServer.builder().start()) {
            assertEquals(200, server.get("/api/v1/admin/status", server.viewerToken()).status());
            assertEquals(200, server.get("/api/v1/admin/status", server.adminToken()).status());

            HttpResult ingestReads = server.get("/api/v1/admin/status", server.ingestToken());
            assertEquals(403, ingestReads.status());
            assertEquals("forbidden", ingestReads.errorCode());
            assertEquals("viewer", ingestReads.json().at("/error/details/required_role").asText());

            HttpResult viewerActs = server.post("/api/v1/admin/tokens", "{\"name\":\"x\",\"role\":\"viewer\"}",
                                                server.viewerToken());
            assertEquals(403, viewerActs.status());
        }
    }

    @Test
    void adminMakesAndRevokesTokensThatWorkAtOnce() throws Exception {
        try (TestServer server = TestServer.builder().start()) {
            HttpResult created = server.post("/api/v1/admin/tokens", "{\"name\":\"grafana\",\"role\":\"viewer\"}",
                                             server.adminToken());
            assertEquals(201, created.status(), created.body());
            String token = created.json().get("token").asText();
            assertEquals(200, server.get("/api/v1/admin/status", token).status());
            assertEquals(403, server.post("/api/v1/admin/plugins/x/stop", null, token).status());

            HttpResult listed = server.get("/api/v1/admin/tokens", server.adminToken());
            assertFalse(listed.body().contains(token), "listing never shows a token");
            assertTrue(listed.body().contains("\"grafana\""));

            assertEquals(409, server.post("/api/v1/admin/tokens", "{\"name\":\"grafana\",\"role\":\"viewer\"}",
                                          server.adminToken()).status());
            HttpResult badRole = server.post("/api/v1/admin/tokens", "{\"name\":\"y\",\"role\":\"root\"}",
                                             server.adminToken());
            assertEquals(400, badRole.status());
            assertTrue(badRole.errorMessage().startsWith("role:"), badRole.body());

            server.restart();
            assertEquals(200, server.get("/api/v1/admin/status", token).status(), "tokens survive a restart");

            assertEquals(204, server.delete("/api/v1/admin/tokens/grafana", server.adminToken()).status());
            assertEquals(401, server.get("/api/v1/admin/status", token).status());
        }
    }

    @Test
    void firstStartWithoutAnyTokenCreatesAnOwnerOnlyAdminTokenAndNeverLogsIt() throws Exception {
        try (LogCapture logged = LogCapture.start(); Vigil vigil = Vigil.builder().directory(dir).start()) {
            Path file = dir.resolve("data/admin.token");
            assertTrue(Files.exists(file));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String token = Files.readString(file).trim();
            String log = String.join("\n", logged.lines());
            assertTrue(log.contains(file.toString()), "the log says where the token is");
            assertFalse(log.contains(token), "the log never holds the token");

            HttpResponse<String> status = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vigil.port() + "/api/v1/admin/status"))
                            .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, status.statusCode());
        }
        try (Vigil again = Vigil.builder().directory(dir).start()) {
            assertNotNull(again);
            assertEquals(1, Files.readAllLines(dir.resolve("data/admin.token")).size(),
                         "a second start keeps the token it made");
        }
    }

    @Test
    void aPortInUseStopsTheStartWithAMessageSayingSo() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50,
                                                                     java.net.InetAddress.getLoopbackAddress())) {
            IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalStateException.class,
                    () -> Vigil.builder().directory(dir).port(taken.getLocalPort()).token("a", dev.vigil.api.http
                            .Role.ADMIN, "a").start());
            assertTrue(refused.getMessage().contains("is the port in use?"), refused.getMessage());
        }
    }

    @Test
    void statusShowsVersionUptimeStorageAndPluginCounts() throws Exception {
        try (TestServer server = TestServer.builder().start()) {
            JsonNode status = server.get("/api/v1/admin/status", server.viewerToken()).json();
            assertEquals("sqlite", status.at("/storage/kind").asText());
            assertTrue(status.has("version") && status.has("uptime_seconds"), status.toString());
            assertEquals(0, status.at("/plugins/total").asInt());
        }
    }
}
