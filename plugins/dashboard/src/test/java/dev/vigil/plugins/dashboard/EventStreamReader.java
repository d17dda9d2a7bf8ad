package dev.vigil.plugins.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads a text/event-stream over real HTTP, as a browser would, and hands each event to the test. */
final class EventStreamReader implements AutoCloseable {

    /** One received event. */
    record Event(String name, String data) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;
    /** Completes when the server ends the stream (not when the test closes it). */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    EventStreamReader(URI uri, String token) {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build();
        response = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(answer -> {
            lines = answer.body();
            String[] name = {"message"};
            StringBuilder data = new StringBuilder();
            try {
                lines.forEach(line -> {
                    if (line.startsWith("event:")) {
                        name[0] = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && !data.isEmpty()) {
                        events.add(new Event(name[0], data.toString()));
                        data.setLength(0);
                        name[0] = "message";
                    }
                });
                ended.complete(null);
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
    }

    int status() throws Exception {
        return response.get(10, TimeUnit.SECONDS).statusCode();
    }

    String contentType() throws Exception {
        return response.get(10, TimeUnit.SECONDS).headers().firstValue("Content-Type").orElse("");
    }

    /** The first event, from now on, that matches; fails after the timeout. */
    Event await(Duration timeout, String what, Predicate<Event> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event event = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no event on the stream within " + timeout.toMillis() + " ms: " + what);
            }
            if (wanted.test(event)) {
                return event;
            }
        }
    }

    /** Whether the server ended the stream within {@code timeout}. */
    boolean endsWithin(Duration timeout) throws InterruptedException {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("the stream failed instead of ending", e);
        }
    }

    @Override
    public void close() {
        response.cancel(true);
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        http.shutdownNow();
    }
}
