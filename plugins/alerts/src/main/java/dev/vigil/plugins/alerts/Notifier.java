package dev.vigil.plugins.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.api.LiveConfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Sends alert changes to the configured channels, off the evaluation thread: each delivery runs on a virtual thread
 * of its own, retries with a doubling pause, and records every attempt. A slow or dead endpoint holds only its own
 * delivery's thread. Silences are checked when the delivery starts: a silenced change is recorded, not sent.
 */
final class Notifier implements AutoCloseable {

    private final LiveConfig<AlertsConfig> config;
    private final SilenceStore silences;
    private final DeliveryStore deliveries;
    private final AlertMetrics metrics;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final System.Logger log;
    private final HttpClient http;
    private final ExecutorService senders;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closing;

    Notifier(LiveConfig<AlertsConfig> config, SilenceStore silences, DeliveryStore deliveries, AlertMetrics metrics,
             ObjectMapper mapper, Clock clock, System.Logger log) {
        this.config = config;
        this.silences = silences;
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.mapper = mapper;
        this.clock = clock;
        this.log = log;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("vigil-alerts-notify-", 0)
                                                                  .factory());
    }

    /** Queues the change for every channel that wants it; returns at once. */
    void notify(Change change, Alert alert) {
        AlertsConfig settings = config.get();
        for (AlertsConfig.Channel channel : settings.channels()) {
            if (!channel.wants(change, alert.severity())) {
                continue;
            }
            if (closing || pending.incrementAndGet() > settings.delivery().maxPending()) {
                if (!closing) {
                    pending.decrementAndGet();
                }
                record(alert, change, channel, 0, Delivery.DROPPED, null, null,
                       closing ? "the plugin is stopping" : "more than " + settings.delivery().maxPending()
                               + " notifications are pending (delivery.max-pending)");
                metrics.notification(channel.name(), AlertMetrics.FAILED);
                continue;
            }
            try {
                senders.execute(() -> {
                    try {
                        deliver(channel, change, alert);
                    } finally {
                        pending.decrementAndGet();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.decrementAndGet();
                record(alert, change, channel, 0, Delivery.DROPPED, null, null, "the plugin is stopping");
                metrics.notification(channel.name(), AlertMetrics.FAILED);
            }
        }
    }

    int pending() {
        return pending.get();
    }

    long delivered() {
        return delivered.get();
    }

    long failed() {
        return failed.get();
    }

    private void deliver(AlertsConfig.Channel channel, Change change, Alert alert) {
        try {
            List<Silence> active = silences.activeAt(clock.instant());
            for (Silence silence : active) {
                if (silence.mutes(alert)) {
                    record(alert, change, channel, 0, Delivery.SILENCED, null, null, "silence #" + silence.id()
                            + (silence.comment().isBlank() ? "" : ": " + silence.comment()));
                    return;
                }
            }
        } catch (RuntimeException e) {
            // Better a notification too many than an outage nobody hears of.
            log.log(System.Logger.Level.WARNING, "silences could not be read; sending anyway: {0}", e.getMessage());
        }
        AlertsConfig.DeliverySettings retries = config.get().delivery();
        for (int attempt = 1; attempt <= retries.attempts(); attempt++) {
            Outcome outcome = send(channel, change, alert).redactedFor(channel);
            boolean last = attempt == retries.attempts() || outcome.permanent();
            if (outcome.ok()) {
                delivered.incrementAndGet();
                metrics.notification(channel.name(), AlertMetrics.DELIVERED);
                record(alert, change, channel, attempt, Delivery.DELIVERED, outcome.status(), outcome.millis(), null);
                return;
            }
            record(alert, change, channel, attempt, last ? Delivery.GAVE_UP : Delivery.FAILED, outcome.status(),
                   outcome.millis(), outcome.error());
            if (last) {
                failed.incrementAndGet();
                metrics.notification(channel.name(), AlertMetrics.FAILED);
                log.log(System.Logger.Level.WARNING, "alert #{0} ({1}) could not be sent to channel {2} after {3} "
                        + "attempts: {4}", alert.id(), change.label(), channel.name(), attempt, outcome.error());
                return;
            }
            try {
                Thread.sleep(retries.backoffAfter(attempt));
            } catch (InterruptedException e) {
                record(alert, change, channel, attempt, Delivery.GAVE_UP, null, null,
                       "the plugin stopped before the next attempt");
                metrics.notification(channel.name(), AlertMetrics.FAILED);
                return;
            }
        }
    }

    /** The result of one attempt. */
    private record Outcome(boolean ok, boolean permanent, Integer status, Double millis, String error) {
        /** Recorded and logged errors never show the channel's secrets, which endpoints and exceptions may echo. */
        Outcome redactedFor(AlertsConfig.Channel channel) {
            return error == null ? this : new Outcome(ok, permanent, status, millis, channel.redact(error));
        }
    }

    private Outcome send(AlertsConfig.Channel channel, Change change, Alert alert) {
        long started = System.nanoTime();
        if (channel.type() == ChannelType.LOG) {
            System.Logger.Level level = change == Change.RESOLVED || change == Change.ACKNOWLEDGED
                    ? System.Logger.Level.INFO : System.Logger.Level.WARNING;
            log.log(level, (String) Payloads.body(ChannelType.LOG, change, alert, clock.instant()));
            return new Outcome(true, false, null, elapsed(started), null);
        }
        HttpRequest request;
        try {
            byte[] body = mapper.writeValueAsBytes(Payloads.body(channel.type(), change, alert, clock.instant()));
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(channel.url().trim()))
                    .timeout(channel.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Vigil-Alerts")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            channel.headers().forEach(builder::header);
            request = builder.build();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new Outcome(false, true, null, elapsed(started), "the request cannot be built: " + e.getMessage());
        }
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outcome(true, false, status, elapsed(started), null);
            }
            String answer = response.body() == null ? "" : response.body().strip();
            return new Outcome(false, false, status, elapsed(started), "HTTP " + status
                    + (answer.isEmpty() ? "" : ": " + (answer.length() > 200 ? answer.substring(0, 200) : answer)));
        } catch (HttpTimeoutException e) {
            return new Outcome(false, false, null, elapsed(started), "no answer within "
                    + Durations.format(channel.timeout()));
        } catch (IOException e) {
            return new Outcome(false, false, null, elapsed(started), e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, true, null, elapsed(started), "the plugin stopped during the attempt");
        }
    }

    private void record(Alert alert, Change change, AlertsConfig.Channel channel, int attempt, String outcome,
                        Integer status, Double millis, String error) {
        try {
            deliveries.record(alert.id(), change, channel.name(), attempt, clock.instant(), outcome, status, millis,
                              error);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "delivery of alert #{0} to {1} ({2}) could not be recorded: {3}",
                    alert.id(), channel.name(), outcome, e.getMessage());
        }
    }

    private static double elapsed(long startedNanos) {
        return Math.round((System.nanoTime() - startedNanos) / 10_000.0) / 100.0;
    }

    /** Stops sending: pending retries are abandoned (and recorded as such); waits a few seconds at most. */
    @Override
    public void close() {
        closing = true;
        senders.shutdownNow();
        try {
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.shutdownNow();
    }
}
