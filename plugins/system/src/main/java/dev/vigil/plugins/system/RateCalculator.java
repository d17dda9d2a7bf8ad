package dev.vigil.plugins.system;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the current reading, and the one before it, into a sample. Rates are differences of cumulative counters
 * divided by the monotonic time between the two readings: no sleep, and nothing invented when the difference
 * cannot be trusted (no previous reading, a counter that went backwards, no time or no ticks elapsed).
 */
final class RateCalculator {

    /** OSHI's tick order: user, nice, system, idle, iowait, irq, softirq, steal. */
    private static final int IDLE = 3;
    private static final int IOWAIT = 4;

    private RateCalculator() {
    }

    /** The sample of {@code current}; {@code previous} is null for the first reading after start. */
    static Sample sample(Reading previous, Reading current) {
        double seconds = previous == null ? 0 : (current.nanos() - previous.nanos()) / 1e9;
        boolean comparable = previous != null && seconds > 0;
        return new Sample(current.time(), cpu(comparable ? previous : null, current), memory(current),
                          swap(current), current.disks(), network(comparable ? previous : null, current, seconds),
                          process(comparable ? previous : null, current, seconds));
    }

    /**
     * Busy percent between two tick arrays: everything but idle and iowait, over all ticks. Null when the
     * arrays do not match, a counter went backwards, or no tick elapsed.
     */
    static Double busyPercent(long[] before, long[] after) {
        if (before == null || after == null || before.length != after.length || after.length <= IOWAIT) {
            return null;
        }
        long total = 0;
        long idle = 0;
        for (int i = 0; i < after.length; i++) {
            long delta = after[i] - before[i];
            if (delta < 0) {
                return null;
            }
            total += delta;
            if (i == IDLE || i == IOWAIT) {
                idle += delta;
            }
        }
        return total == 0 ? null : 100.0 * (total - idle) / total;
    }

    private static Sample.Cpu cpu(Reading previous, Reading current) {
        Double overall = previous == null ? null : busyPercent(previous.cpuTicks(), current.cpuTicks());
        List<Sample.Core> cores = new ArrayList<>();
        long[][] after = current.coreTicks();
        long[][] before = previous == null ? null : previous.coreTicks();
        boolean sameCores = before != null && before.length == after.length;
        for (int core = 0; core < after.length; core++) {
            cores.add(new Sample.Core(core, sameCores ? busyPercent(before[core], after[core]) : null));
        }
        double[] load = current.loadAverage();
        return new Sample.Cpu(overall, cores, load(load, 0), load(load, 1), load(load, 2));
    }

    private static Double load(double[] load, int index) {
        return load != null && load.length > index && load[index] >= 0 ? load[index] : null;
    }

    private static Sample.Memory memory(Reading reading) {
        long total = reading.memoryTotalBytes();
        long available = Math.min(Math.max(reading.memoryAvailableBytes(), 0), total);
        long used = total - available;
        return new Sample.Memory(total, used, available, percent(used, total));
    }

    private static Sample.Swap swap(Reading reading) {
        long total = Math.max(reading.swapTotalBytes(), 0);
        long used = Math.min(Math.max(reading.swapUsedBytes(), 0), total);
        return new Sample.Swap(total, used, percent(used, total));
    }

    private static List<Sample.NetworkInterface> network(Reading previous, Reading current, double seconds) {
        Map<String, Reading.NetCounters> before = new HashMap<>();
        if (previous != null) {
            previous.network().forEach(counters -> before.put(counters.name(), counters));
        }
        List<Sample.NetworkInterface> rates = new ArrayList<>();
        for (Reading.NetCounters now : current.network()) {
            Reading.NetCounters then = before.get(now.name());
            rates.add(new Sample.NetworkInterface(now.name(),
                                                  rate(then == null ? null : then.rxBytes(), now.rxBytes(), seconds),
                                                  rate(then == null ? null : then.txBytes(), now.txBytes(), seconds),
                                                  rate(then == null ? null : then.rxPackets(), now.rxPackets(),
                                                       seconds),
                                                  rate(then == null ? null : then.txPackets(), now.txPackets(),
                                                       seconds)));
        }
        return rates;
    }

    /** Per-second change of a counter; null without an earlier value, or when it went backwards (a reset). */
    static Double rate(Long before, long after, double seconds) {
        if (before == null || seconds <= 0 || after < before) {
            return null;
        }
        return (after - before) / seconds;
    }

    private static Sample.Process process(Reading previous, Reading current, double seconds) {
        Reading.ProcessCounters now = current.process();
        Double cpu = null;
        if (previous != null && previous.process().pid() == now.pid() && previous.process().cpuTimeMs() >= 0
                && now.cpuTimeMs() >= 0) {
            long cpuMs = now.cpuTimeMs() - previous.process().cpuTimeMs();
            int cores = Math.max(1, current.coreTicks().length);
            if (cpuMs >= 0) {
                // Percent of the whole machine, like system.cpu_percent; CPU time is counted in clock ticks, so
                // a short interval may overshoot by a tick: clamp rather than report 101 %.
                cpu = Math.min(100.0, 100.0 * cpuMs / (seconds * 1000.0 * cores));
            }
        }
        Double heapPercent = now.heapMaxBytes() > 0 ? percent(now.heapUsedBytes(), now.heapMaxBytes()) : null;
        return new Sample.Process(now.pid(), cpu, now.residentBytes(), now.heapUsedBytes(), now.heapMaxBytes(),
                                  heapPercent, now.threads(), now.gcCount(), now.gcTimeMs(), now.openFiles());
    }

    static double percent(long part, long whole) {
        return whole <= 0 ? 0.0 : 100.0 * part / whole;
    }
}
