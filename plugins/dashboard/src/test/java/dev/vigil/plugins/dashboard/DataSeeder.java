package dev.vigil.plugins.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Fills a test server with what a monitored shop would have sent over the last hours, through each running
 * plugin's own public API: requests, statements with an N+1 pattern, server errors, host samples, a firing alert,
 * a trained optimizer model and a dependency scan. Plugins that are not running are skipped.
 */
final class DataSeeder {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[][] ENDPOINTS = {
        {"GET", "/api/products/{id}", "60"}, {"GET", "/api/orders", "220"}, {"POST", "/api/orders", "420"},
        {"GET", "/api/search", "650"}, {"GET", "/health", "4"},
    };

    private final TestServer server;
    private final Set<String> running = new HashSet<>();
    private final Random random = new Random(20261123);
    private final Instant now = Instant.now();

    DataSeeder(TestServer server) {
        this.server = server;
        server.get("/api/v1/admin/plugins", server.viewerToken()).json().get("plugins").forEach(p -> {
            if (p.get("state").asText().equals("STARTED")) {
                running.add(p.get("id").asText());
            }
        });
    }

    void seed(String alertRule) throws Exception {
        if (running.contains("system")) {
            runTasks("system");
            Thread.sleep(1100); // rates come from the difference of two samples
            runTasks("system");
            TestServer.await(Duration.ofSeconds(20), "a host sample", () -> !server
                    .get("/api/v1/system/health", server.viewerToken()).json().path("sample").isNull());
        }
        if (running.contains("requests")) {
            requests();
        }
        if (running.contains("queries")) {
            queries();
        }
        if (running.contains("errors")) {
            errors();
        }
        if (running.contains("requests")) {
            runTasks("requests"); // per-minute signals for the overview's live figures
        }
        if (running.contains("alerts")) {
            alert(alertRule);
        }
        // a kept trace (N+1, slow statement, exception) and an otel.* signal, over OTLP
        if (running.containsAll(List.of("otlp", "requests", "queries", "errors"))) {
            new OtlpSeeder(server).seed(() -> runTasks("queries"));
        }
        if (running.contains("optimizer")) {
            job("/api/v1/optimizer/train", "/api/v1/optimizer/jobs/", Duration.ofSeconds(90));
        }
        if (running.contains("dependencies")) {
            job("/api/v1/dependencies/scan", "/api/v1/dependencies/jobs/", Duration.ofSeconds(120));
        }
    }

    private void requests() throws Exception {
        for (int batch = 0; batch < 3; batch++) {
            ArrayNode records = JSON.createArrayNode();
            for (int i = 0; i < 1000; i++) {
                String[] endpoint = ENDPOINTS[random.nextInt(ENDPOINTS.length)];
                double base = Double.parseDouble(endpoint[2]);
                ObjectNode record = records.addObject();
                record.put("timestamp", now.minusSeconds(random.nextInt(3 * 3600)).toString());
                record.put("service", "shop");
                record.put("method", endpoint[0]);
                record.put("endpoint", endpoint[1]);
                record.put("path", endpoint[1].replace("{id}", String.valueOf(1 + random.nextInt(500))));
                double roll = random.nextDouble();
                record.put("status", roll < 0.02 ? 500 : roll < 0.06 ? 404 : 200);
                record.put("duration_ms", Math.round(base * Math.exp(random.nextGaussian() * 0.5) * 100) / 100.0);
                record.put("user", "user" + random.nextInt(20));
                record.put("request_id", "seed-" + batch + "-" + i);
                record.put("query_count", 1 + random.nextInt(12));
            }
            expect(server.post("/api/v1/requests/ingest", JSON.writeValueAsString(records), server.ingestToken()),
                   "requests ingest");
        }
    }

    private void queries() throws Exception {
        ArrayNode records = JSON.createArrayNode();
        for (int request = 0; request < 20; request++) {
            String id = "q-" + request;
            Instant at = now.minusSeconds(60L * request + 30);
            ObjectNode list = records.addObject();
            list.put("timestamp", at.toString());
            list.put("service", "shop");
            list.put("sql", "SELECT id, total FROM orders WHERE customer_id = " + (100 + request));
            list.put("duration_ms", 4.5);
            list.put("rows", 8);
            list.put("request_id", id);
            list.put("endpoint", "GET /api/orders");
            for (int item = 0; item < 8; item++) {
                ObjectNode each = records.addObject();
                each.put("timestamp", at.plusMillis(5 + item).toString());
                each.put("service", "shop");
                each.put("sql", "SELECT * FROM order_items WHERE order_id = " + (1000 * request + item));
                each.put("duration_ms", 1.5 + random.nextDouble());
                each.put("rows", 3);
                each.put("request_id", id);
                each.put("endpoint", "GET /api/orders");
            }
        }
        ObjectNode slow = records.addObject();
        slow.put("timestamp", now.minusSeconds(90).toString());
        slow.put("service", "shop");
        slow.put("sql", "SELECT * FROM products WHERE description LIKE '%lamp%'");
        slow.put("duration_ms", 1450);
        slow.put("rows", 12);
        slow.put("request_id", "q-slow");
        slow.put("endpoint", "GET /api/search");
        expect(server.post("/api/v1/queries/ingest", JSON.writeValueAsString(records), server.ingestToken()),
               "queries ingest");
        // A request is analysed once no statement of it arrived for the plugin's request window (5 s by default).
        TestServer.await(Duration.ofSeconds(30), "the N+1 finding", () -> {
            runTasks("queries");
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return server.get("/api/v1/queries/n-plus-one", server.viewerToken()).json().path("findings").size() > 0;
        });
    }

    private void errors() throws Exception {
        ArrayNode records = JSON.createArrayNode();
        String[][] faults = {
            {"java.lang.NullPointerException", "Cannot read field \"price\" because \"product\" is null",
                "com.shop.Cart.total", "Cart.java"},
            {"java.sql.SQLTimeoutException", "query timed out after 30000 ms", "com.shop.OrderRepository.find",
                "OrderRepository.java"},
            {"java.lang.IllegalStateException", "payment provider answered 502", "com.shop.Payments.charge",
                "Payments.java"},
        };
        for (int i = 0; i < 40; i++) {
            String[] fault = faults[i % faults.length];
            ObjectNode record = records.addObject();
            record.put("timestamp", now.minusSeconds(random.nextInt(2 * 3600)).toString());
            record.put("service", "shop");
            record.put("level", i % 7 == 0 ? "critical" : "error");
            record.put("exception_type", fault[0]);
            record.put("message", fault[1]);
            String function = fault[2].substring(fault[2].lastIndexOf('.') + 1);
            String module = fault[2].substring(0, fault[2].lastIndexOf('.'));
            record.put("stack", fault[0] + ": " + fault[1] + "\n\tat " + module + "." + function + "(" + fault[3] + ":"
                    + (20 + random.nextInt(5)) + ")\n\tat com.shop.Api.handle(Api.java:88)");
            record.put("endpoint", "/api/orders");
            record.put("user", "user" + random.nextInt(10));
            record.put("release", "2.4." + (i % 2));
        }
        expect(server.post("/api/v1/errors/ingest", JSON.writeValueAsString(records), server.ingestToken()),
               "errors ingest");
    }

    private void alert(String rule) throws Exception {
        expect(server.put("/api/v1/alerts/rules/" + rule, "{\"signal\":\"feeder.load_percent\",\"warning\":50,"
                + "\"critical\":99,\"consecutive\":1,\"description\":\"load of the test feeder\"}", server.adminToken()),
               "alert rule");
        expect(server.post("/api/v1/feeder/signal", "{\"name\":\"feeder.load_percent\",\"value\":93}",
                            server.adminToken()), "feeder signal");
        TestServer.await(Duration.ofSeconds(20), "the alert " + rule + " to fire", () -> {
            server.post("/api/v1/alerts/evaluate", "{}", server.adminToken());
            JsonNode alerts = server.get("/api/v1/alerts?active_only=true", server.viewerToken()).json().get("alerts");
            for (JsonNode alert : alerts) {
                if (alert.get("rule").asText().equals(rule)) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Starts a job and waits for it to end, whatever its outcome (the page shows either). */
    private void job(String start, String jobPrefix, Duration timeout) {
        HttpResult started = server.post(start, "{}", server.adminToken());
        System.out.println("  " + start + " -> " + started);
        if (started.status() >= 300) {
            return;
        }
        String id = started.json().path("job_id").asText(started.json().path("id").asText(""));
        if (id.isEmpty()) {
            return;
        }
        TestServer.await(timeout, "job " + id, () -> {
            String state = server.get(jobPrefix + id, server.viewerToken()).json().path("state").asText("");
            return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(state);
        });
        System.out.println("  job " + id + ": " + server.get(jobPrefix + id, server.viewerToken()).json()
                .path("state").asText());
    }

    /** Runs every scheduled task of a plugin except retention, now. */
    private void runTasks(String plugin) {
        List<String> names = new ArrayList<>();
        server.get("/api/v1/admin/plugins/" + plugin, server.viewerToken()).json().path("tasks")
                .forEach(t -> names.add(t.get("name").asText()));
        for (String name : names) {
            if (!name.contains("retention")) {
                server.post("/api/v1/admin/plugins/" + plugin + "/tasks/" + name + "/run", "{}", server.adminToken());
            }
        }
    }

    private static void expect(HttpResult result, String what) {
        if (result.status() >= 300) {
            throw new AssertionError(what + " failed: " + result);
        }
    }
}
