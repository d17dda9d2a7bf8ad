package dev.vigil.plugins.alerts;

/** {@code type: log}: one line in Vigil's log, a warning while the alert is open. */
final class LogSender implements ChannelSender {

    private final System.Logger log;

    LogSender(System.Logger log) {
        this.log = log;
    }

    @Override
    public SendResult send(Channel channel, Notification notification) {
        long started = System.nanoTime();
        Change change = notification.change();
        System.Logger.Level level = change == Change.RESOLVED || change == Change.ACKNOWLEDGED
                || change == Change.TEST ? System.Logger.Level.INFO : System.Logger.Level.WARNING;
        log.log(level, Payloads.line(notification));
        return SendResult.sent(null, started);
    }
}
