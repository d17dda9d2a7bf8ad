package dev.vigil.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the kernel offers plugins beyond routes: request observation, events, signals, services and jobs. */
class PluginServicesTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @TempDir
    static Path jars;
    static Path probe;
    static Path greeter;

    @BeforeAll
    static void build() throws Exception {
        probe = TestPlugins.probe(jars);
        greeter = TestPlugins.greeter(jars, 1);
    }

    @Test
    void observersSeeEveryExchangeWithItsRouteTemplateStatusAndCaller() throws Exception {
        try (TestServer server = TestServer.builder().plugin(probe).plugin(greeter).start()) {
            server.get("/api/v1/greeter/items/42", server.viewerToken());
            server.get("/api/v1/greeter/hello", null);
            TestServer.await(FIVE_SECONDS, "both exchanges", () -> {
                String seen = server.get("/api/v1/probe/exchanges", server.viewerToken()).json().toString();
                return seen.contains("GET /api/v1/greeter/items/{id} 200 test-viewer greeter")
                        && seen.contains("GET /api/v1/greeter/hello 401 null greeter");
            });
        }
    }

    @Test
    void signalsAreKeptWithHistory() throws Exception {
        try (TestServer server = TestServer.builder().plugin(probe).start()) {
            for (int value : new int[] {3, 5, 8}) {
                assertEquals(200, server.post("/api/v1/probe/signal",
                                              "{\"name\":\"probe.depth_items\",\"value\":" + value + "}",
                                              server.adminToken()).status());
            }
            JsonNode history = server.get("/api/v1/admin/signals?name=probe.depth_items", server.viewerToken())
                    .json();
            assertEquals(3, history.at("/series/0/points").size(), history.toString());
            assertEquals(8, history.at("/series/0/points/2/value").asInt());

            HttpResult badName = server.post("/api/v1/probe/signal", "{\"name\":\"Bad Name\",\"value\":1}",
                                             server.adminToken());
            assertEquals(500, badName.status(), "an invalid signal name is the plugin's bug, shown as its failure");
        }
    }

    @Test
    void pluginsHearOtherPluginsStartAndStop() throws Exception {
        try (TestServer server = TestServer.builder().plugin(probe).start()) {
            server.installPlugin(greeter, "greeter.jar");
            TestServer.await(FIVE_SECONDS, "greeter to start", () -> events(server).contains("greeter:STARTED"));
            server.post("/api/v1/admin/plugins/greeter/stop", null, server.adminToken());
            server.removePlugin("greeter.jar");
            TestServer.await(FIVE_SECONDS, "greeter to stop and unload",
                             () -> events(server).contains("greeter:STOPPED")
                                     && events(server).contains("greeter:UNLOADED"));
        }
    }

    @Test
    void servicesAreFoundWhileTheirProviderRunsAndGoneWhenItStops() throws Exception {
        try (TestServer server = TestServer.builder().plugin(probe).start()) {
            assertEquals(1, server.get("/api/v1/probe/services", server.viewerToken()).json()
                    .get("resource_history").asInt());
            JsonNode view = server.get("/api/v1/admin/plugins/probe", server.viewerToken()).json();
            assertEquals("[\"dev.vigil.api.services.ResourceHistory\"]", view.get("services").toString());
        }
    }

    @Test
    void jobsRunOffTheRequestAndReportProgressAndResult() throws Exception {
        try (TestServer server = TestServer.builder().plugin(probe).start()) {
            JsonNode job = server.post("/api/v1/probe/jobs", null, server.adminToken()).json();
            String id = job.get("id").asText();
            JsonNode done = TestServer.awaitValue(FIVE_SECONDS, "the job to finish", () -> {
                JsonNode now = server.get("/api/v1/probe/jobs/" + id, server.viewerToken()).json();
                return now.get("state").asText().equals("SUCCEEDED") ? now : null;
            });
            assertEquals(1.0, done.get("progress").asDouble());
            assertEquals(4, done.at("/result/counted").asInt());
            JsonNode listed = server.get("/api/v1/admin/plugins/probe/jobs", server.viewerToken()).json();
            assertEquals(id, listed.at("/jobs/0/id").asText());
        }
    }

    @Test
    void streamedAnswersWorkAndAClientLeavingMidStreamIsNotAFailure() throws Exception {
        try (TestServer server = TestServer.builder().plugin(probe).start()) {
            HttpResult whole = server.get("/api/v1/probe/stream?lines=3", server.viewerToken());
            assertEquals(200, whole.status());
            assertEquals("data: 0\n\ndata: 1\n\ndata: 2\n\n", whole.body());

            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.vigil().port())) {
                socket.getOutputStream().write(("GET /api/v1/probe/stream?lines=100000 HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer " + server.viewerToken() + "\r\n\r\n").getBytes());
                byte[] some = new byte[200];
                assertTrue(socket.getInputStream().read(some) > 0, "the stream began");
            }
            TestServer.await(Duration.ofSeconds(10), "the abandoned stream to end", () -> server
                    .get("/api/v1/probe/streams-ended", server.viewerToken()).json().get("ended").asInt() == 2);
            JsonNode probeView = server.get("/api/v1/admin/plugins/probe", server.viewerToken()).json();
            assertEquals(0, probeView.at("/failures/failures").asInt(), probeView.get("failures").toString());
        }
    }

    private static String events(TestServer server) {
        return server.get("/api/v1/probe/plugin-events", server.viewerToken()).json().toString();
    }
}
