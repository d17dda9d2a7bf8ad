package dev.vigil.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated hostile JSON against every ingest route and the admin write routes of a server running every plugin:
 * wrong types, huge, negative and non-finite numbers, deep nesting, control characters, long strings, batches
 * where only some records are bad. Whatever arrives: never a 5xx; every refusal is the JSON error shape, names the
 * field at fault and no Java class or library switch; nothing of a refused request is stored; no stored figure
 * becomes non-finite.
 */
class HostileInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** What a message must never show: our classes, Jackson's, JDK exception names, parser switches, bogus positions. */
    private static final Pattern INTERNALS = Pattern.compile(
            "dev\\.vigil\\.|com\\.fasterxml|java\\.(lang|util|io)\\.|JsonReadFeature|StreamReadFeature|"
                    + "DeserializationFeature|line -1|Cannot deserialize|\\$[A-Z]");
    private static final String DEEP_NESTING = "[".repeat(3000) + "]".repeat(3000);

    private static TestServer server;

    @BeforeContainer
    static void start() throws Exception {
        server = WholeServer.start();
    }

    @AfterContainer
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    // ---- the routes and what a valid request to each looks like ----

    /**
     * An ingest route: a valid record, the fields it knows, and where the server counts what it stored.
     *
     * @param stored a GET path and JSON pointer to a count of the records stored for service "fuzz"
     */
    record IngestRoute(String path, Supplier<ObjectNode> valid, String storedPath, String storedPointer) {
        @Override
        public String toString() {
            return path;
        }
    }

    private static final List<IngestRoute> INGEST_ROUTES = List.of(
            new IngestRoute("/api/v1/requests/ingest", () -> object(Map.of(
                    "timestamp", recently(), "service", "fuzz", "method", "GET", "endpoint", "/items/{id}",
                    "path", "/items/7", "status", 200, "duration_ms", 12.5, "query_count", 2, "bytes", 512,
                    "query_time_ms", 3.5)), "/api/v1/requests/summary?service=fuzz", "/total"),
            new IngestRoute("/api/v1/queries/ingest", () -> object(Map.of(
                    "timestamp", recently(), "service", "fuzz", "database", "postgresql",
                    "sql", "SELECT name FROM authors WHERE id = $1", "params", List.of(42), "duration_ms", 1.8,
                    "rows", 1, "request_id", "r-1", "endpoint", "/books")),
                            "/api/v1/queries/summary?service=fuzz", "/statements"),
            new IngestRoute("/api/v1/errors/ingest", () -> object(Map.of(
                    "timestamp", recently(), "service", "fuzz", "level", "error", "exception_type", "TypeError",
                    "message", "order not placed", "endpoint", "/orders/{id}", "user", "u-1",
                    "context", Map.of("cart", 3))), "/api/v1/errors/summary?service=fuzz", "/events"),
            new IngestRoute("/api/v1/dashboard/vitals", () -> object(Map.of(
                    "type", "vital", "name", "LCP", "value", 1200, "page", "https://fuzz.example/cart")),
                            "/api/v1/dashboard/vitals", "/overall/lcp/samples"));

    /** An admin write route: its method and path, a valid body, and a GET that shows what it changes. */
    record WriteRoute(String method, String path, Supplier<ObjectNode> valid, String statePath) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<WriteRoute> WRITE_ROUTES = List.of(
            new WriteRoute("POST", "/api/v1/admin/tokens",
                           () -> object(Map.of("name", "fuzz-" + System.nanoTime(), "role", "viewer")), null),
            new WriteRoute("PUT", "/api/v1/alerts/rules/fuzz-rule", () -> object(Map.of(
                    "signal", "requests.p95_ms", "comparison", "greater", "warning", 500, "critical", 1000,
                    "consecutive", 3, "window", "5m", "cooldown", "15m", "aggregation", "last",
                    "labels", Map.of("service", "fuzz"), "enabled", true)), "/api/v1/alerts/rules/fuzz-rule"),
            new WriteRoute("PATCH", "/api/v1/alerts/rules/cpu-usage", () -> object(Map.of(
                    "warning", 70, "critical", 90, "window", "5m", "consecutive", 3, "enabled", true)),
                           "/api/v1/alerts/rules/cpu-usage"),
            new WriteRoute("POST", "/api/v1/alerts/silences", () -> object(Map.of(
                    "matchers", Map.of("rule", "fuzz-rule"), "until", Instant.now().plus(1, ChronoUnit.HOURS).toString(),
                    "comment", "fuzz")), null),
            new WriteRoute("POST", "/api/v1/alerts/baseline", () -> object(Map.of(
                    "duration_minutes", 60, "signals", List.of("requests.p95_ms"))), null),
            new WriteRoute("POST", "/api/v1/optimizer/predict", () -> object(Map.of(
                    "service", "fuzz", "method", "GET", "endpoint", "/items/{id}", "query_count", 2)), null),
            new WriteRoute("POST", "/api/v1/hello/notes", () -> object(Map.of("text", "a note")),
                           "/api/v1/hello/notes"));

    // ---- what goes wrong in a field ----

    /**
     * One field made hostile. {@code value} null removes the field; {@code raw} is written into the body as it is
     * (NaN, 1e999999, nesting deeper than any parser allows), where a JSON library would refuse to write it.
     */
    record Mutation(String field, JsonNode value, String raw) {
        @Override
        public String toString() {
            return field + " := " + (raw != null ? "raw " + (raw.length() > 40 ? raw.substring(0, 40) + "…" : raw)
                    : value == null ? "(removed)" : abbreviate(value.toString()));
        }
    }

    record Batch(IngestRoute route, List<ObjectNode> records, List<Mutation> mutations, boolean wrapped) {
    }

    record Write(WriteRoute route, Mutation mutation) {
    }

    /** Extreme numbers weigh most: a single one that slips through poisons every total it is added to. */
    private static Arbitrary<JsonNode> hostileValues() {
        Arbitrary<JsonNode> numbers = Arbitraries.of(
                NODES.numberNode(Double.MAX_VALUE), NODES.numberNode(-1.7e308), NODES.numberNode(1e300),
                NODES.numberNode(4.9e-324), NODES.numberNode(-1), NODES.numberNode(-5), NODES.numberNode(0),
                NODES.numberNode(2_147_483_648L), NODES.numberNode(-9_007_199_254_740_993L),
                NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890")),
                NODES.numberNode(new java.math.BigDecimal("1e400")));
        Arbitrary<JsonNode> wrongTypes = Arbitraries.of(
                NODES.textNode("text"), NODES.textNode(""), NODES.booleanNode(true), NODES.nullNode(),
                NODES.arrayNode().add(1), NODES.objectNode().put("a", 1));
        // No "NaN" or "Infinity" text: a stored figure shown as one of those is what the property looks for.
        Arbitrary<JsonNode> strings = Arbitraries.of(
                NODES.textNode("x".repeat(20_000)), NODES.textNode("line\nforged\u0000\u0007\u202e\r\t"),
                NODES.textNode("9999-12-31T23:59:59Z"), NODES.textNode("1969-12-31T23:59:59Z"),
                NODES.textNode("\ud800"));
        return Arbitraries.frequencyOf(Tuple.of(4, numbers), Tuple.of(2, wrongTypes), Tuple.of(2, strings));
    }

    private static Arbitrary<String> rawValues() {
        return Arbitraries.of("NaN", "Infinity", "-Infinity", "1e999999", "-1e999999", DEEP_NESTING,
                              "{\"a\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2001), "01", "+1", ".5", "0x10");
    }

    private static Arbitrary<Mutation> mutations(List<String> fields) {
        Arbitrary<String> field = Arbitraries.of(fields);
        Arbitrary<Mutation> replaced = Combinators.combine(field, hostileValues())
                .as((name, value) -> new Mutation(name, value, null));
        Arbitrary<Mutation> removed = field.map(name -> new Mutation(name, null, null));
        Arbitrary<Mutation> raw = Combinators.combine(field, rawValues())
                .as((name, text) -> new Mutation(name, null, text));
        return Arbitraries.frequencyOf(Tuple.of(6, replaced), Tuple.of(1, removed),
                                       Tuple.of(3, raw));
    }

    @Provide
    Arbitrary<Batch> batches() {
        return Arbitraries.of(INGEST_ROUTES).flatMap(route -> {
            List<String> fields = new ArrayList<>();
            route.valid().get().fieldNames().forEachRemaining(fields::add);
            Arbitrary<Mutation> maybe = mutations(fields).injectNull(0.3);
            return Combinators.combine(maybe.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false))
                    .as((perRecord, wrapped) -> {
                        List<ObjectNode> records = new ArrayList<>();
                        List<Mutation> applied = new ArrayList<>();
                        for (Mutation mutation : perRecord) {
                            records.add(route.valid().get());
                            applied.add(mutation);
                        }
                        return new Batch(route, records, applied, wrapped);
                    });
        });
    }

    @Provide
    Arbitrary<Write> writes() {
        return Arbitraries.of(WRITE_ROUTES).flatMap(route -> {
            List<String> fields = new ArrayList<>();
            route.valid().get().fieldNames().forEachRemaining(fields::add);
            return mutations(fields).map(mutation -> new Write(route, mutation));
        });
    }

    // ---- the properties ----

    @Property(tries = 250)
    void ingestRoutesRefuseWholeBatchesClearlyAndStoreNothingNonFinite(@ForAll("batches") Batch batch)
            throws Exception {
        IngestRoute route = batch.route();
        long before = stored(route);
        ArrayNode records = NODES.arrayNode();
        List<String> raws = new ArrayList<>();
        for (int i = 0; i < batch.records().size(); i++) {
            records.add(apply(batch.records().get(i), batch.mutations().get(i), raws));
        }
        String body = withRaws(JSON.writeValueAsString(
                batch.wrapped() ? NODES.objectNode().set("records", records) : records), raws);

        HttpResult result = server.post(route.path(), body, server.ingestToken());

        assertTrue(result.status() < 500, () -> "no server error: " + result);
        List<String> mutated = batch.mutations().stream().filter(m -> m != null).map(Mutation::field).toList();
        if (result.status() >= 400) {
            assertClearRefusal(result, mutated);
            assertEquals(before, stored(route), "a refused batch stores nothing: " + result);
        } else {
            assertEquals(batch.records().size(), result.json().path("accepted").asInt(-1),
                         "a batch is accepted whole: " + result);
        }
        String figures = server.get(route.storedPath(), server.viewerToken()).body();
        assertFalse(figures.contains("Infinity") || figures.contains("NaN"), "stored figures stay finite: " + figures);
    }

    @Property(tries = 150)
    void adminWritesRefuseClearlyAndChangeNothingWhenRefused(@ForAll("writes") Write write) throws Exception {
        WriteRoute route = write.route();
        String before = route.statePath() == null ? null : server.get(route.statePath(), server.adminToken()).body();
        List<String> raws = new ArrayList<>();
        String body = withRaws(JSON.writeValueAsString(apply(route.valid().get(), write.mutation(), raws)), raws);

        HttpResult result = server.send(route.method(), route.path(), body, server.adminToken());

        assertTrue(result.status() < 500, () -> "no server error: " + result);
        if (result.status() >= 400 && result.status() != 404 && result.status() != 409) {
            assertClearRefusal(result, List.of(write.mutation().field()));
            if (before != null) {
                assertEquals(before, server.get(route.statePath(), server.adminToken()).body(),
                             "a refused write changes nothing");
            }
        }
    }

    /** Bodies that are not a JSON document of the right kind at all. */
    @Property(tries = 60)
    void malformedBodiesAreRefusedWithA400(@ForAll("malformed") String body, @ForAll("anyWriteRoute") String route) {
        String[] methodAndPath = route.split(" ", 2);
        String token = methodAndPath[1].contains("/ingest") || methodAndPath[1].endsWith("/vitals")
                ? server.ingestToken() : server.adminToken();

        HttpResult result = server.send(methodAndPath[0], methodAndPath[1], body, token);

        if (body.isBlank()) {
            // Some writes take an optional body (a baseline over the defaults): refused or not, never a 5xx.
            assertTrue(result.status() < 500, () -> "no server error: " + result);
        } else {
            assertEquals(400, result.status(), () -> abbreviate(body) + " → " + result);
        }
        if (result.status() >= 400) {
            assertClearRefusal(result, List.of());
        }
    }

    @Provide
    Arbitrary<String> malformed() {
        return Arbitraries.of("", "   ", "{", "[", "[{\"service\":", "{\"a\":1,}", "nul", "\"text\"", "42", "true",
                              "[1,2,3]", "{\"records\":7}", DEEP_NESTING, "{\"a\":NaN}", "[NaN]", "\u0000",
                              "{'single':'quotes'}", "{\"a\":1}{\"b\":2}", "{\"a\":1} trailing");
    }

    @Provide
    Arbitrary<String> anyWriteRoute() {
        List<String> routes = new ArrayList<>();
        INGEST_ROUTES.forEach(r -> routes.add("POST " + r.path()));
        WRITE_ROUTES.forEach(r -> routes.add(r.method() + " " + r.path()));
        return Arbitraries.of(routes);
    }

    // ---- helpers ----

    /**
     * A refusal users can act on: the JSON error shape with a request id, a message naming a field that was made
     * hostile (when one was), and nothing of our internals.
     */
    private static void assertClearRefusal(HttpResult result, List<String> mutatedFields) {
        JsonNode error = result.json().get("error");
        assertNotNull(error, () -> "the JSON error shape: " + result);
        assertTrue(error.path("code").isTextual() && error.path("message").isTextual(), result::toString);
        assertNotNull(result.header("X-Request-Id"), () -> "a request id to quote: " + result);
        String message = error.get("message").asText();
        assertFalse(INTERNALS.matcher(message).find(), () -> "no internals in the message: " + message);
        if (result.status() == 400 && !mutatedFields.isEmpty()) {
            assertTrue(mutatedFields.stream().anyMatch(message::contains),
                       () -> "the message names the field at fault " + mutatedFields + ": " + message);
        }
    }

    private static ObjectNode apply(ObjectNode record, Mutation mutation, List<String> raws) {
        if (mutation == null) {
            return record;
        }
        if (mutation.raw() != null) {
            record.put(mutation.field(), placeholder(raws.size()));
            raws.add(mutation.raw());
        } else if (mutation.value() == null) {
            record.remove(mutation.field());
        } else {
            record.set(mutation.field(), mutation.value());
        }
        return record;
    }

    private static String placeholder(int index) {
        return "__raw_" + index + "__";
    }

    private static String withRaws(String body, List<String> raws) {
        for (int i = 0; i < raws.size(); i++) {
            body = body.replace("\"" + placeholder(i) + "\"", raws.get(i));
        }
        return body;
    }

    private static long stored(IngestRoute route) {
        HttpResult figures = server.get(route.storedPath(), server.viewerToken());
        assertEquals(200, figures.status(), figures::toString);
        return figures.json().at(route.storedPointer()).asLong(0);
    }

    private static ObjectNode object(Map<String, Object> fields) {
        return JSON.valueToTree(new java.util.TreeMap<>(fields));
    }

    private static String recently() {
        return Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "… (" + text.length() + " chars)" : text;
    }
}
