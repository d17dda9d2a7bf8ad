package dev.vigil.plugins.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Channels that POST JSON to their URL: webhook, Slack, Discord, Teams and PagerDuty, each with its own body. */
final class HttpSender implements ChannelSender {

    private static final int ANSWER_SHOWN = 200;

    private final ObjectMapper mapper;
    private final HttpClient http;

    HttpSender(ObjectMapper mapper) {
        this.mapper = mapper;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public SendResult send(Channel channel, Notification notification) {
        return post(channel, Payloads.body(channel, notification));
    }

    /** One attempt to POST {@code payload} as JSON to the channel's URL: for senders that make several requests. */
    SendResult post(Channel channel, Object payload) {
        long started = System.nanoTime();
        HttpRequest request;
        try {
            byte[] body = mapper.writeValueAsBytes(payload);
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(channel.url().trim()))
                    .timeout(channel.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Vigil-Alerts")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            channel.headers().forEach(builder::header);
            request = builder.build();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return SendResult.failedForGood(null, started, "the request cannot be built: " + e.getMessage());
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return SendResult.sent(status, started);
            }
            // Redacted before it is cut short: a secret cut in two would no longer be found and masked.
            String answer = response.body() == null ? "" : channel.redact(response.body().strip());
            String error = "HTTP " + status + (answer.isEmpty() ? "" : ": " + (answer.length() > ANSWER_SHOWN
                    ? answer.substring(0, ANSWER_SHOWN) : answer));
            // A 4xx other than 408 and 429 says the request itself is wrong: sending it again cannot help.
            boolean refused = status >= 400 && status < 500 && status != 408 && status != 429;
            return refused ? SendResult.failedForGood(status, started, error)
                    : SendResult.failed(status, started, error);
        } catch (HttpTimeoutException e) {
            return SendResult.failed(null, started, "no answer within " + Durations.format(channel.timeout()));
        } catch (IOException e) {
            return SendResult.failed(null, started, describe(e, request.uri()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.failedForGood(null, started, "the plugin stopped during the attempt");
        }
    }

    /** An I/O failure in words: the JDK's connection errors often carry no message at all. */
    private static String describe(IOException e, URI uri) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        if (e instanceof java.net.ConnectException) {
            // Scheme and host are what a channel's view shows of its URL anyway; the path may hold its key.
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            return "cannot connect to " + uri.getHost() + ":" + port + (message.isEmpty() ? " (connection refused)"
                    : message);
        }
        return e.getClass().getSimpleName() + message;
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
