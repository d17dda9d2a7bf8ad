package dev.vigil.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Calls the server's API. Every refusal becomes a {@link Failure} of one line: a 401 says which token was refused
 * and where it came from (never the token), a 403 relays the server's sentence naming the role needed, any other
 * 4xx or 5xx the server's message; an unreachable server names the URL and exits 2.
 */
final class VigilClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(120);

    private final Target target;
    private final HttpClient http;

    VigilClient(Target target) {
        this.target = target;
        // HTTP/1.1: a plain-text HTTP/2 upgrade attempt buys nothing for one request.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    Target target() {
        return target;
    }

    /** GET, failing on any status but 2xx. */
    Answer get(String path) {
        return checked(exchange("GET", path, null));
    }

    /** A request with an optional JSON body, failing on any status but 2xx. */
    Answer send(String method, String path, JsonNode body) {
        return checked(exchange(method, path, body));
    }

    /** A request whose non-2xx answers the caller looks at itself; 401 and 403 still fail. */
    Answer exchange(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url() + path))
                .timeout(ANSWER_TIMEOUT).header("Accept", "application/json, text/csv;q=0.9, */*;q=0.1")
                .header("User-Agent", "vigil-cli");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (target.token() != null && !path.equals("/health")) {
            request.header("Authorization", "Bearer " + target.token());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw Failure.unreachable(target.url(), reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.failed("interrupted");
        }
        Answer answer = new Answer(response.statusCode(), response.body(),
                                   response.headers().firstValue("Content-Type").orElse(""));
        if (answer.status() == 401) {
            throw Failure.failed(target.token() == null
                    ? "the server needs a token (401), and none was found: " + target.tokenSource()
                    : "the server refused the token from " + target.tokenSource() + " (401: "
                            + ErrorAnswer.message(answer) + ")");
        }
        if (answer.status() == 403) {
            throw Failure.failed("forbidden (403): " + ErrorAnswer.message(answer) + " (token from "
                                         + target.tokenSource() + ")");
        }
        return answer;
    }

    private static Answer checked(Answer answer) {
        if (!answer.ok()) {
            throw Failure.failed(ErrorAnswer.describe(answer));
        }
        return answer;
    }

    /** Plain words for a failed connection; the JDK's messages are often null or say little. */
    static String reason(IOException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + CONNECT_TIMEOUT.toSeconds() + "s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + ANSWER_TIMEOUT.toSeconds() + "s";
        }
        if (e instanceof ConnectException || cause instanceof ConnectException) {
            String message = cause.getMessage();
            return message == null || message.toLowerCase(java.util.Locale.ROOT).contains("refused")
                    ? "connection refused" : message;
        }
        if (cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException
                || e.getCause() instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        if (cause instanceof javax.net.ssl.SSLException) {
            return "TLS failed: " + cause.getMessage();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** {@code ?a=1&b=x} from the parameters that are not null, encoded. */
    static String query(Map<String, ?> parameters) {
        StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
        parameters.forEach((name, value) -> {
            if (value != null) {
                joined.add(encode(name) + "=" + encode(String.valueOf(value)));
            }
        });
        return joined.toString();
    }

    static Map<String, Object> parameters() {
        return new LinkedHashMap<>();
    }

    /** One path segment (a name, an id), encoded. */
    static String segment(String value) {
        return encode(value).replace("+", "%20");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
