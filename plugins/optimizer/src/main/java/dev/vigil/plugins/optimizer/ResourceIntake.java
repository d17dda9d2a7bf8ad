package dev.vigil.plugins.optimizer;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.vigil.api.Signal;
import dev.vigil.api.SignalCatalog;
import dev.vigil.api.storage.Storage;

/**
 * Records the host's overall CPU and memory signals per minute, so that training can tell what they were when each
 * request ran even when no plugin offers the ResourceHistory service (the kernel keeps only a short signal history
 * in memory).
 */
final class ResourceIntake {

    private final Storage storage;
    private final HistoryStore history;
    private final AtomicLong readings = new AtomicLong();

    ResourceIntake(Storage storage, HistoryStore history) {
        this.storage = storage;
        this.history = history;
    }

    void accept(List<Signal> signals) {
        Map<Long, double[]> sums = new HashMap<>();
        for (Signal signal : signals) {
            boolean cpu = SignalCatalog.SYSTEM_CPU_PERCENT.equals(signal.name());
            boolean memory = SignalCatalog.SYSTEM_MEMORY_PERCENT.equals(signal.name());
            // The overall figure has no labels; per-core or per-process series are not the host's load.
            if ((!cpu && !memory) || !signal.labels().isEmpty()) {
                continue;
            }
            double[] sum = sums.computeIfAbsent(MinuteRow.minuteOf(signal.time().toEpochMilli()),
                                                m -> new double[4]);
            int offset = cpu ? 0 : 2;
            sum[offset] += signal.value();
            sum[offset + 1]++;
        }
        if (sums.isEmpty()) {
            return;
        }
        try {
            storage.inTransaction(connection -> {
                history.addResources(connection, sums);
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not store resource readings: " + e.getMessage(), e);
        }
        readings.addAndGet(sums.values().stream().mapToLong(s -> (long) (s[1] + s[3])).sum());
    }

    long readings() {
        return readings.get();
    }
}
