package dev.vigil.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Signals published by any plugin and read by others. The kernel keeps the latest value and a bounded recent
 * history per series (name + labels) in memory, and also publishes every signal on the {@link EventBus}.
 */
public interface Signals {

    void publish(Signal signal);

    default void publish(String name, Map<String, String> labels, double value, Instant time) {
        publish(new Signal(name, labels, value, time));
    }

    /** The latest value of one series. */
    Optional<Signal> latest(String name, Map<String, String> labels);

    /** The latest value of every series of this name. */
    List<Signal> latest(String name);

    /** The points of every series of this name, since {@code since}, oldest first; {@code labels} filters. */
    List<SignalSeries> history(String name, Map<String, String> labelMatchers, Instant since);

    /** Every signal name seen so far. */
    Set<String> names();

    /** One series' points. */
    record SignalSeries(String name, Map<String, String> labels, List<Point> points) {
    }

    /** One point of a series. */
    record Point(Instant time, double value) {
    }
}
