package dev.vigil.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.PluginJarBuilder;
import dev.vigil.testkit.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's HTTP edge over real sockets: bodies over the server's limit, requests Helidon refuses before any
 * route runs, and the headers every error answer carries.
 */
class HttpEdgeTest {

    /** The server's body limit, {@code Vigil.MAX_PAYLOAD_BYTES}. */
    private static final int LIMIT = 64 * 1024 * 1024;

    @TempDir
    static Path jars;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.builder().plugin(catcher(jars)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** {@code catcher}: one ingest route, as the ingest plugins have. */
    private static Path catcher(Path dir) throws Exception {
        return PluginJarBuilder.plugin("catcher", "1.0.0").source("test.catcher.Catcher", """
                package test.catcher;
                import java.util.Map;
                import dev.vigil.api.*;
                import dev.vigil.api.http.*;
                @org.pf4j.Extension
                public class Catcher implements VigilPlugin {
                    private PluginContext context;
                    public void start(PluginContext context) { this.context = context; }
                    public void routes(PluginRoutes routes) {
                        routes.post("/events", Role.INGEST, (req, res) -> context.json().send(res,
                                Map.of("fields", context.json().readTree(req, 1_000_000).size())))
                              .post("/samples", Role.INGEST, (req, res) -> context.json().send(res,
                                Map.of("count", context.json().read(req, Sample.class).count())));
                    }
                    public record Sample(int count, java.util.List<Point> points) { }
                    public record Point(double value) { }
                }
                """).build(dir.resolve("catcher.jar"));
    }

    private static String post(String path, long contentLength, String... headers) {
        StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + TestServer.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength);
        for (String header : headers) {
            head.append("\r\n").append(header);
        }
        return head.toString();
    }

    private static void assertJsonError(RawHttp.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.toString());
        assertEquals(code, answer.errorCode(), answer.body());
        assertTrue(answer.header("Content-Type").startsWith("application/json"), answer.toString());
        assertNotNull(answer.header("X-Request-Id"), "every error carries a request id: " + answer.headers());
        assertFalse(answer.errorMessage().matches(".*(Exception|io\\.helidon|java\\.).*"),
                    "no library internals: " + answer.errorMessage());
    }

    // Item 6: bodies over the server's limit.

    @Test
    void aBodyOverTheLimitWrittenWholeWithoutWaitingIsAnsweredWithA413NamingTheLimit() throws Exception {
        byte[] body = new byte[LIMIT + 1];
        RawHttp.Answer answer = RawHttp.exchange(server.vigil().port(), post("/api/v1/admin/tokens", body.length),
                                                 body);
        assertJsonError(answer, 413, "payload_too_large");
        assertTrue(answer.errorMessage().contains(String.valueOf(LIMIT)), answer.errorMessage());
        assertEquals(LIMIT, answer.json().at("/error/details/limit_bytes").asLong(), answer.body());
    }

    @Test
    void theJdkClientReadsThe413OfABodyOverTheLimit() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(server.uri("/api/v1/catcher/events")).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + server.ingestToken())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[LIMIT + 1])).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResult result = new HttpResult(response.statusCode(), response.body(), response.headers());
        assertEquals(413, result.status(), result.toString());
        assertEquals("payload_too_large", result.errorCode());
        assertNotNull(result.header("X-Request-Id"));
        assertEquals("*", result.header("Access-Control-Allow-Origin"), "a browser may read why an ingest failed");
        assertEquals(200, server.get("/health", null).status(), "the server still serves");
    }

    @Test
    void aClientThatExpects100ContinueIsRefusedBeforeItSendsTheBody() throws Exception {
        RawHttp.Answer answer = RawHttp.headOnly(server.vigil().port(), post("/api/v1/admin/tokens", LIMIT + 1L,
                                                                             "Expect: 100-continue"));
        assertJsonError(answer, 413, "payload_too_large");
        assertTrue(answer.errorMessage().contains(String.valueOf(LIMIT)), answer.errorMessage());
    }

    @Test
    void aBodyDeclaredFarOverTheLimitIsRefusedInJsonBeforeAnyOfItIsRead() throws Exception {
        RawHttp.Answer answer = RawHttp.headOnly(server.vigil().port(),
                                                 post("/api/v1/admin/tokens", 10L * 1024 * 1024 * 1024));
        assertJsonError(answer, 413, "payload_too_large");
        assertTrue(answer.errorMessage().contains(String.valueOf(LIMIT)), answer.errorMessage());
    }

    // Item 7: every error in the JSON shape, with a request id.

    @Test
    void aPathThatIsNotValidPercentEncodingIsAJson400() throws Exception {
        RawHttp.Answer answer = RawHttp.headOnly(server.vigil().port(),
                                                 "GET /api/v1/requests/endpoints/%%% HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                         + "Authorization: Bearer " + TestServer.VIEWER_TOKEN);
        assertJsonError(answer, 400, "bad_request");
        assertTrue(answer.errorMessage().contains("percent-encoded"), answer.errorMessage());
    }

    @Test
    void requestsRefusedBeforeRoutingAreJsonErrors() throws Exception {
        int port = server.vigil().port();
        assertJsonError(RawHttp.headOnly(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: x"),
                        400, "bad_request");
        assertJsonError(RawHttp.headOnly(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: many"),
                        400, "bad_request");
        assertJsonError(RawHttp.headOnly(port, "GET  HTTP/1.1\r\nHost: 127.0.0.1"), 400, "bad_request");
        assertJsonError(RawHttp.headOnly(port, "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: 127.0.0.1"),
                        414, "uri_too_long");
        assertJsonError(RawHttp.exchange(port, post("/api/v1/catcher/events", 2, "Content-Encoding: br"),
                                         "{}".getBytes(StandardCharsets.UTF_8)), 400, "bad_request");
    }

    @Test
    void unknownPathsAndWrongMethodsAreJsonErrorsWithARequestId() throws Exception {
        int port = server.vigil().port();
        assertJsonError(RawHttp.headOnly(port, "GET /nothing-here HTTP/1.1\r\nHost: 127.0.0.1"), 404, "not_found");
        assertJsonError(RawHttp.headOnly(port, "DELETE /health HTTP/1.1\r\nHost: 127.0.0.1"), 405,
                        "method_not_allowed");
    }

    // Item 10: a browser can read why an ingest call failed.

    @Test
    void refusedIngestCallsAllowAnyOriginSoABrowserCanReadWhy() {
        HttpResult anonymous = server.post("/api/v1/catcher/events", "{}", null);
        assertEquals(401, anonymous.status(), anonymous.toString());
        assertEquals("*", anonymous.header("Access-Control-Allow-Origin"));

        HttpResult viewer = server.post("/api/v1/catcher/events", "{}", server.viewerToken());
        assertEquals(403, viewer.status(), viewer.toString());
        assertEquals("*", viewer.header("Access-Control-Allow-Origin"));

        assertEquals(200, server.post("/api/v1/catcher/events", "{}", server.ingestToken()).status());
        assertEquals(null, server.post("/api/v1/admin/tokens", "{}", null).header("Access-Control-Allow-Origin"),
                     "admin routes stay same-origin");
    }

    // Item 11: messages name the field and the rule, never a class or a parser switch.

    private static HttpResult assertRefused(String path, String body, String token, String message) {
        HttpResult result = server.post(path, body, token);
        assertEquals(400, result.status(), result.toString());
        assertEquals(message, result.errorMessage());
        assertFalse(result.body().matches(".*(JsonReadFeature|dev\\.vigil|Cannot deserialize|line -1|`).*"),
                    result.body());
        assertNotNull(result.header("X-Request-Id"));
        return result;
    }

    @Test
    void aNanLiteralIsRefusedNamingTheFieldOnEveryJsonRoute() {
        assertRefused("/api/v1/catcher/events", "{\"value\": NaN}", server.ingestToken(),
                      "value: is not a number: NaN/Infinity are not accepted");
        assertRefused("/api/v1/catcher/samples", "{\"count\": 1, \"points\": [{\"value\": Infinity}]}",
                      server.ingestToken(), "points[0].value: is not a number: NaN/Infinity are not accepted");
        HttpResult admin = assertRefused("/api/v1/admin/tokens", "{\"name\": NaN, \"role\": \"viewer\"}",
                                         server.adminToken(), "name: is not a number: NaN/Infinity are not accepted");
        assertEquals("name", admin.json().at("/error/details/field").asText());
    }

    @Test
    void anArrayWhereAnObjectBelongsIsRefusedWithoutNamingAJavaType() {
        HttpResult array = assertRefused("/api/v1/admin/tokens", "[\"x\", \"viewer\"]", server.adminToken(),
                                         "the body must be a JSON object");
        assertEquals("bad_request", array.errorCode());
    }

    @Test
    void wrongTypesOutOfRangeNumbersAndBrokenJsonNameTheFieldAndTheRule() {
        String ingest = server.ingestToken();
        assertRefused("/api/v1/catcher/samples", "{\"count\": 1234567890123}", ingest,
                      "count: must be a whole number between -2147483648 and 2147483647");
        assertRefused("/api/v1/catcher/samples", "{\"count\": \"many\"}", ingest,
                      "count: expected a whole number");
        assertRefused("/api/v1/catcher/samples", "{\"count\": 1, \"points\": {\"value\": 1}}", ingest,
                      "points: expected an array");
        HttpResult broken = assertRefused("/api/v1/catcher/samples", "{\"count\": 1", ingest,
                                          "the body is not valid JSON: unexpected end of input in count at line 1, column 12");
        assertEquals("invalid_json", broken.errorCode());
        assertRefused("/api/v1/catcher/events", "{\"count\": 1, \"points\": " + "[".repeat(3000) + "]".repeat(3000)
                              + "}", ingest, "points[0][0][0][0]…: is nested more than 1000 levels deep");
        assertRefused("/api/v1/catcher/samples", "{\"count\": 1" + "0".repeat(2000) + "}", ingest,
                      "count: is a number longer than 1000 characters");
    }
}
