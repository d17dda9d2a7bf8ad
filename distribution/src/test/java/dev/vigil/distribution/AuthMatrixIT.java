package dev.vigil.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.http.Role;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Every route the admin API lists, called with no token, a wrong token and each role's token: the answer matches
 * the role the route declares (401 without a valid token, 403 with too small a role, neither with enough).
 */
class AuthMatrixIT {

    private static final String WRONG_TOKEN = "not-a-token-of-this-server";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyRouteAnswersAccordingToItsDeclaredRole() throws Exception {
        try (TestServer server = WholeServer.start()) {
            JsonNode routes = server.get("/api/v1/admin/routes", server.viewerToken()).json().get("routes");
            assertTrue(routes.size() > 80, "the kernel's and every plugin's routes are listed: " + routes.size());
            Map<String, String> callers = new LinkedHashMap<>();
            callers.put("no token", null);
            callers.put("a wrong token", WRONG_TOKEN);
            callers.put("ingest", server.ingestToken());
            callers.put("viewer", server.viewerToken());
            callers.put("admin", server.adminToken());

            List<String> mismatches = new ArrayList<>();
            int calls = 0;
            for (JsonNode route : routes) {
                String method = route.get("method").asText();
                String path = route.get("path").asText().replaceAll("\\{[^}]+}", "x");
                Role declared = Role.valueOf(route.get("role").asText().toUpperCase(java.util.Locale.ROOT));
                for (Map.Entry<String, String> caller : callers.entrySet()) {
                    int status = statusOf(server, method, path, caller.getValue());
                    calls++;
                    String expected = expected(declared, caller.getKey());
                    boolean matches = switch (expected) {
                        case "401" -> status == 401;
                        case "403" -> status == 403;
                        default -> status != 401 && status != 403 && status < 500;
                    };
                    if (!matches) {
                        mismatches.add(method + " " + path + " (" + declared.label() + ") with " + caller.getKey()
                                               + ": " + status + ", expected " + expected);
                    }
                }
            }
            assertEquals(List.of(), mismatches, "of " + calls + " calls");
        }
    }

    /** "401", "403", or "allowed". */
    private static String expected(Role declared, String caller) {
        if (declared == Role.PUBLIC) {
            return "allowed";
        }
        return switch (caller) {
            case "no token", "a wrong token" -> "401";
            default -> Role.valueOf(caller.toUpperCase(java.util.Locale.ROOT)).allows(declared) ? "allowed" : "403";
        };
    }

    /**
     * The status only: a stream (server-sent events) is answered with headers at once and never ends, so the body is
     * not read. Writes carry an empty JSON object: a route that is allowed refuses it with a 400, never a 401/403.
     */
    private static int statusOf(TestServer server, String method, String path, String token) throws Exception {
        boolean write = !method.equals("GET") && !method.equals("DELETE");
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, write ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (write) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }
}
