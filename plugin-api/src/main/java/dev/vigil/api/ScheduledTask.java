package dev.vigil.api;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A piece of periodic work. The interval is read again after every run, so a task whose interval comes from
 * the plugin's config follows a live config edit. Runs of one task never overlap: a run due while the previous
 * one is still going is skipped and counted.
 *
 * @param name         unique within the plugin; shown in the admin API
 * @param interval     time between the starts of two runs
 * @param initialDelay time from plugin start to the first run
 * @param oncePerCluster on PostgreSQL shared by several nodes, only the node holding a database lock runs it
 * @param body         the work; exceptions are caught, counted and shown
 */
public record ScheduledTask(String name, Supplier<Duration> interval, Duration initialDelay, boolean oncePerCluster,
                            Body body) {

    /** The work of one run. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    public ScheduledTask {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(body, "body");
        if (!name.matches("[a-z][a-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("task name must be lower-case letters, digits and '-': " + name);
        }
    }

    public static ScheduledTask every(String name, Duration interval, Body body) {
        return new ScheduledTask(name, () -> interval, interval, false, body);
    }

    public static ScheduledTask every(String name, Supplier<Duration> interval, Body body) {
        return new ScheduledTask(name, interval, interval.get(), false, body);
    }

    public ScheduledTask withInitialDelay(Duration delay) {
        return new ScheduledTask(name, interval, delay, oncePerCluster, body);
    }

    public ScheduledTask onlyOncePerCluster() {
        return new ScheduledTask(name, interval, initialDelay, true, body);
    }
}
