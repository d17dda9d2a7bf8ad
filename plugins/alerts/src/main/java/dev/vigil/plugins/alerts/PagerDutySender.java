package dev.vigil.plugins.alerts;

/**
 * {@code type: pagerduty}: one Events API v2 event per change. A channel test is two events, a trigger and a resolve
 * under a key of the test's own, so testing leaves no incident open in PagerDuty.
 */
final class PagerDutySender implements ChannelSender {

    private final HttpSender http;

    /** @param http shared with the other HTTP channel types, which close it */
    PagerDutySender(HttpSender http) {
        this.http = http;
    }

    @Override
    public SendResult send(Channel channel, Notification notification) {
        if (notification.change() != Change.TEST) {
            return http.post(channel, PagerDutyEvent.of(channel, notification));
        }
        long started = System.nanoTime();
        SendResult trigger = http.post(channel, PagerDutyEvent.of(channel, notification));
        if (!trigger.ok()) {
            return trigger;
        }
        String key = PagerDutyEvent.testKey(channel, notification);
        SendResult resolve = http.post(channel, PagerDutyEvent.resolve(channel.routingKey(), key));
        if (resolve.ok()) {
            return SendResult.sent(resolve.status(), started);
        }
        return new SendResult(false, resolve.permanent(), resolve.status(), SendResult.elapsed(started),
                              "the test incident was opened but not resolved, it is still open (dedup_key " + key
                                      + "): " + resolve.error());
    }
}
