package dev.vigil.plugins.alerts;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.vigil.api.LiveConfig;

/**
 * Sends alert changes to the channels in force, off the evaluation thread: deliveries run on virtual threads, retry
 * with a doubling pause, and record every attempt. One alert's changes reach a channel in their order
 * ({@link DeliveryLanes}); a slow or dead endpoint holds only the deliveries queued for it. Silences are checked when
 * the delivery starts: a silenced change is recorded, not sent.
 */
final class Notifier implements AutoCloseable {

    private final LiveConfig<AlertsConfig> config;
    private final Supplier<List<Channel>> channels;
    private final Map<ChannelType, ChannelSender> sendersByType;
    private final SilenceStore silences;
    private final DeliveryStore deliveries;
    private final AlertMetrics metrics;
    private final Clock clock;
    private final System.Logger log;
    private final ExecutorService deliveryThreads;
    private final DeliveryLanes lanes;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closing;

    /**
     * @param channels      the channels in force (file and API), read at each notification
     * @param sendersByType who sends each channel type
     */
    Notifier(LiveConfig<AlertsConfig> config, Supplier<List<Channel>> channels,
             Map<ChannelType, ChannelSender> sendersByType, SilenceStore silences, DeliveryStore deliveries,
             AlertMetrics metrics, Clock clock, System.Logger log) {
        this.config = config;
        this.channels = channels;
        this.sendersByType = new EnumMap<>(sendersByType);
        this.silences = silences;
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.clock = clock;
        this.log = log;
        this.deliveryThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("vigil-alerts-notify-", 0).factory());
        this.lanes = new DeliveryLanes(deliveryThreads);
    }

    /** Queues the change for every channel that wants it; returns at once. */
    void notify(Change change, Alert alert) {
        AlertsConfig settings = config.get();
        for (Channel channel : channels.get()) {
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
                lanes.submit(alert.id() + "/" + channel.name(), () -> {
                    try {
                        if (closing) {
                            record(alert, change, channel, 0, Delivery.DROPPED, null, null, "the plugin is stopping");
                            metrics.notification(channel.name(), AlertMetrics.FAILED);
                        } else {
                            deliver(channel, change, alert);
                        }
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

    /**
     * Sends a test notification to {@code channel} now, once, and records it (change {@code test}, alert 0):
     * what the admin's test button answers.
     */
    Delivery test(Channel channel) {
        Instant now = clock.instant();
        Alert sample = new Alert(0, "vigil-test", Map.of("channel", channel.name()), "alerts.test", Severity.CRITICAL,
                                 Alert.ACTIVE, 1, 0, "This is a test notification from Vigil: channel '"
                                         + channel.name() + "' reaches you.", now, now, null, null, null, null,
                                 null);
        SendResult result = send(channel, new Notification(Change.TEST, sample, now)).redactedFor(channel);
        String outcome = result.ok() ? Delivery.DELIVERED : Delivery.GAVE_UP;
        record(sample, Change.TEST, channel, 1, outcome, result.status(), result.millis(), result.error());
        return new Delivery(0, 0, Change.TEST, channel.name(), 1, now, outcome, result.status(), result.millis(),
                            result.error());
    }

    private void deliver(Channel channel, Change change, Alert alert) {
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
            SendResult outcome = send(channel, new Notification(change, alert, clock.instant())).redactedFor(channel);
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

    private SendResult send(Channel channel, Notification notification) {
        ChannelSender sender = sendersByType.get(channel.type());
        if (sender == null) {
            return SendResult.failedForGood(null, System.nanoTime(), "no sender for " + channel.type().label()
                    + " channels");
        }
        try {
            return sender.send(channel, notification);
        } catch (RuntimeException e) {
            // A sender's bug must cost one delivery, not the delivery thread's bookkeeping.
            log.log(System.Logger.Level.WARNING, "the " + channel.type().label() + " sender failed", e);
            return SendResult.failedForGood(null, System.nanoTime(), e.getClass().getSimpleName() + ": "
                    + e.getMessage());
        }
    }

    private void record(Alert alert, Change change, Channel channel, int attempt, String outcome,
                        Integer status, Double millis, String error) {
        try {
            deliveries.record(alert.id(), change, channel.name(), attempt, clock.instant(), outcome, status, millis,
                              error);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "delivery of alert #{0} to {1} ({2}) could not be recorded: {3}",
                    alert.id(), channel.name(), outcome, e.getMessage());
        }
    }

    /** Stops sending: pending retries are abandoned (and recorded as such); waits a few seconds at most. */
    @Override
    public void close() {
        closing = true;
        deliveryThreads.shutdownNow();
        try {
            deliveryThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sendersByType.values().stream().distinct().forEach(ChannelSender::close);
    }
}
