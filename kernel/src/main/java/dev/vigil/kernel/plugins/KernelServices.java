package dev.vigil.kernel.plugins;

import java.time.Clock;
import java.time.Duration;

import dev.vigil.api.ServerInfo;
import dev.vigil.kernel.http.Dispatcher;
import dev.vigil.kernel.http.TrafficFilter;
import dev.vigil.kernel.metrics.MetricsHub;
import dev.vigil.kernel.runtime.EventBusImpl;
import dev.vigil.kernel.runtime.FailureRecorder;
import dev.vigil.kernel.runtime.ServiceRegistry;
import dev.vigil.kernel.runtime.SignalStore;
import dev.vigil.kernel.runtime.TaskScheduler;
import dev.vigil.kernel.storage.KernelStorage;
import dev.vigil.kernel.storage.MigrationRunner;

/** The kernel's shared parts that plugins are hosted on: one object rather than a dozen constructor arguments. */
public record KernelServices(KernelStorage storage, MigrationRunner migrations, EventBusImpl bus, SignalStore signals,
                             ServiceRegistry services, TaskScheduler scheduler, TrafficFilter traffic,
                             Dispatcher dispatcher, FailureRecorder failures, ServerInfo server, Clock clock,
                             Duration startTimeout, MetricsHub metrics) {
}
