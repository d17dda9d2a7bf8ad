import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * Load for the otlp plugin: protobuf exports of 512 spans (the batch span processor's default), traces of one
 * server span and five database spans, each export with fresh ids, posted over HTTP by CONNECTIONS senders for
 * DURATION seconds. Prints spans/s accepted (a 2xx means the spans are in the inbox, committed), then waits until
 * every span has been assembled and handed to the owning plugins, and prints that rate too.
 *
 *   java -cp <otlp classpath> OtlpLoad.java <base-url> <ingest-token> <viewer-token> <seconds> <connections> <exports>
 */
public final class OtlpLoad {

    private static final int SPANS_PER_EXPORT = 512;
    private static final int DB_SPANS_PER_TRACE = 5;
    private static final String[] ROUTES = {"/orders/{id}", "/orders", "/cart", "/cart/items/{id}", "/products/{id}",
            "/products", "/search", "/users/{id}", "/checkout", "/payments/{id}"};
    private static final String[] STATEMENTS = {"SELECT id, sku, qty FROM items WHERE order_id = $1",
            "SELECT * FROM products WHERE id = $1", "SELECT count(*) FROM cart_items WHERE cart_id = $1",
            "UPDATE carts SET updated_at = now() WHERE id = $1", "SELECT name, price FROM prices WHERE sku = $1"};

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String ingest = args[1];
        String viewer = args[2];
        int seconds = Integer.parseInt(args[3]);
        int connections = Integer.parseInt(args[4]);
        int exports = Integer.parseInt(args[5]);

        System.out.printf("generating %d exports of %d spans (untimed)...%n", exports, SPANS_PER_EXPORT);
        List<Integer> roots = new ArrayList<>();
        List<byte[]> bodies = generate(exports, roots);
        long bytes = bodies.stream().mapToLong(body -> body.length).sum();
        System.out.printf("  %.1f KB per export on average%n", bytes / 1024.0 / exports);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong rootsAccepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong overloaded = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong latencyNanos = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long started = System.nanoTime();
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            senders.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < deadline) {
                    int index = next.getAndIncrement();
                    if (index >= bodies.size()) {
                        return;
                    }
                    long sent = System.nanoTime();
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/traces"))
                            .header("Content-Type", "application/x-protobuf")
                            .header("Authorization", "Bearer " + ingest)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(index))).build();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        latencyNanos.addAndGet(System.nanoTime() - sent);
                        if (response.statusCode() == 200) {
                            long refused = ExportTraceServiceResponse.parseFrom(response.body()).getPartialSuccess()
                                    .getRejectedSpans();
                            accepted.addAndGet(SPANS_PER_EXPORT - refused);
                            rejected.addAndGet(refused);
                            rootsAccepted.addAndGet(roots.get(index));
                        } else if (response.statusCode() == 503 || response.statusCode() == 429) {
                            overloaded.incrementAndGet();
                            Thread.sleep(200);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        int sentExports = Math.min(next.get(), bodies.size());
        System.out.printf(Locale.ROOT, "%n%d connections, %.1f s: %d exports answered 200 (%d spans accepted and durable, "
                                  + "%d refused in partial_success), %d answered 503/429, %d failed%n",
                          connections, elapsed, accepted.get() / SPANS_PER_EXPORT, accepted.get(), rejected.get(),
                          overloaded.get(), failed.get());
        System.out.printf(Locale.ROOT, "ACCEPTED: %.0f spans/s (%.0f exports/s, mean answer %.1f ms)%n",
                          accepted.get() / elapsed, sentExports / elapsed,
                          latencyNanos.get() / 1e6 / Math.max(1, sentExports));
        if (sentExports == bodies.size() && elapsed < seconds) {
            System.out.println("  (every generated export was sent before the time was up: raise EXPORTS)");
        }

        // Everything accepted is then assembled and handed over: measure until every trace whose request span was
        // sent has been handed over (the database calls of the trace cut off by the end of the run wait for a
        // request span that never comes: they are handed over after the orphan wait, and not waited for here).
        Pattern handed = Pattern.compile("\"requests_handed\":(\\d+)");
        long drainStart = System.nanoTime();
        String status;
        while (true) {
            status = get(http, base + "/api/v1/otlp/status", viewer);
            if (value(handed, status) >= rootsAccepted.get()) {
                break;
            }
            Thread.sleep(100);
        }
        double total = elapsed + (System.nanoTime() - drainStart) / 1e9;
        long traces = value(handed, status);
        System.out.printf(Locale.ROOT, "HANDED OVER: %.0f spans/s end to end (%d traces: every one assembled and handed "
                                  + "to requests, queries and errors %.1f s after the first export)%n",
                          accepted.get() / total, traces, total);
        System.out.println("status: " + status);
    }

    private static long value(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static String get(HttpClient http, String url, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                                 .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A stream of traces as a batch span processor sees them end (database calls, then their request), cut into exports. */
    private static List<byte[]> generate(int exports, List<Integer> roots) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<byte[]> bodies = new ArrayList<>(exports);
        List<Span> pending = new ArrayList<>();
        long now = System.currentTimeMillis() * 1_000_000L;
        while (bodies.size() < exports) {
            ByteString trace = id(16);
            ByteString root = id(8);
            int route = random.nextInt(ROUTES.length);
            long start = now + random.nextLong(1_000_000_000L);
            long cursor = start + 1_000_000;
            for (int i = 0; i < DB_SPANS_PER_TRACE; i++) {
                long duration = 200_000 + random.nextLong(3_000_000);
                pending.add(Span.newBuilder().setTraceId(trace).setSpanId(id(8)).setParentSpanId(root)
                                    .setName("SELECT shop").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                                    .setStartTimeUnixNano(cursor).setEndTimeUnixNano(cursor + duration)
                                    .addAttributes(text("db.system.name", "postgresql"))
                                    .addAttributes(text("db.namespace", "shop"))
                                    .addAttributes(text("db.query.text", STATEMENTS[(route + i) % STATEMENTS.length]))
                                    .addAttributes(text("server.address", "db.internal")).build());
                cursor += duration + 100_000;
            }
            String path = ROUTES[route].replace("{id}", String.valueOf(random.nextInt(100_000)));
            pending.add(Span.newBuilder().setTraceId(trace).setSpanId(root).setName("GET " + ROUTES[route])
                                .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(start)
                                .setEndTimeUnixNano(cursor + 500_000)
                                .addAttributes(text("http.request.method", "GET"))
                                .addAttributes(text("http.route", ROUTES[route]))
                                .addAttributes(text("url.path", path))
                                .addAttributes(integer("http.response.status_code", random.nextInt(100) < 2 ? 500 : 200))
                                .addAttributes(text("client.address", "10.0.0." + random.nextInt(255)))
                                .addAttributes(text("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64)"))
                                .addAttributes(text("enduser.id", "user-" + random.nextInt(500))).build());
            if (pending.size() >= SPANS_PER_EXPORT) {
                List<Span> cut = pending.subList(0, SPANS_PER_EXPORT);
                roots.add((int) cut.stream().filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER).count());
                bodies.add(export(cut, "shop")); // one application: a trace's spans all come from its process
                pending = new ArrayList<>(pending.subList(SPANS_PER_EXPORT, pending.size()));
            }
        }
        return bodies;
    }

    private static byte[] export(List<Span> spans, String service) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(text("service.name", service))
                                     .addAttributes(text("service.version", "1.8.0"))
                                     .addAttributes(text("telemetry.sdk.language", "java"))
                                     .addAttributes(text("telemetry.sdk.name", "opentelemetry"))
                                     .addAttributes(text("telemetry.sdk.version", "1.68.0"))
                                     .addAttributes(text("host.name", "app-1")))
                .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder()
                                                                        .setName("io.opentelemetry.jdbc"))
                                       .addAllSpans(spans))).build().toByteArray();
    }

    private static ByteString id(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1;
        return ByteString.copyFrom(bytes);
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }
}
