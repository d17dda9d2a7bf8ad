package dev.vigil.plugins.alerts;

/** Makes one attempt to send a notification to a channel; the {@link Notifier} retries and records. */
interface ChannelSender extends AutoCloseable {

    /** One attempt. Never throws: what went wrong is in the result. An interrupt ends it as permanent. */
    SendResult send(Channel channel, Notification notification);

    @Override
    default void close() {
    }
}
