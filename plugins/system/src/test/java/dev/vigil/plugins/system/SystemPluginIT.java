package dev.vigil.plugins.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import dev.vigil.testkit.HttpResult;
import dev.vigil.testkit.PluginJarBuilder;
import dev.vigil.testkit.ScrapedMetrics;
import dev.vigil.testkit.TestServer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged plugin, loaded through PF4J by a real kernel, sampling this machine for real. */
class SystemPluginIT {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @TempDir
    Path jars;

    @Test
    void showsThisMachineWithinPhysicalRangesWithRatesFromTheSecondSampleOn() throws Exception {
        Path consumer = resourceHistoryConsumer(jars);
        try (TestServer server = TestServer.builder().pluginUnderTest().plugin(consumer)
                .config("system", "interval: 1s\n").start()) {
            JsonNode health = TestServer.awaitValue(TEN_SECONDS, "a sample with a CPU rate", () -> {
                JsonNode now = server.get("/api/v1/system/health", server.viewerToken()).json();
                return now.at("/sample/cpu/percent").isNumber() ? now : null;
            });
            JsonNode sample = health.get("sample");
            assertPercent(sample.at("/cpu/percent"), "cpu");
            assertFalse(sample.at("/cpu/cores").isEmpty());
            sample.at("/cpu/cores").forEach(core -> assertPercent(core.get("percent"), "core"));
            assertTrue(sample.get("cpu").has("load_1m"), "named like the metric: " + sample.get("cpu"));
            assertTrue(sample.at("/memory/total_bytes").asLong() > 0);
            assertTrue(sample.at("/memory/used_bytes").asLong() > 0);
            assertPercent(sample.at("/memory/percent"), "memory");
            assertPercent(sample.at("/swap/percent"), "swap");
            assertFalse(sample.get("disks").isEmpty(), "the root file system at least: " + sample.get("disks"));
            sample.get("disks").forEach(disk -> {
                assertTrue(disk.get("total_bytes").asLong() > 0, disk.toString());
                assertPercent(disk.get("used_percent"), disk.get("mount").asText());
            });
            sample.get("network").forEach(net -> assertTrue(net.get("rx_bytes_per_s").asDouble() >= 0, net.toString()));
            assertPercent(sample.at("/process/cpu_percent"), "process cpu");
            assertTrue(sample.at("/process/heap_used_bytes").asLong() > 0);
            assertTrue(sample.at("/process/threads").asInt() >= 1);
            assertTrue(Set.of("healthy", "warning", "critical").contains(health.get("level").asText()),
                       health.toString());

            // Stored history: the first sample has no CPU rate (later ones do, unless two readings came closer than
            // OSHI's 300 ms tick cache on a starved machine); memory is known from the first.
            JsonNode metrics = server.get("/api/v1/system/metrics?hours=1&metric=cpu_percent,memory_percent",
                                          server.viewerToken()).json();
            assertEquals(10, metrics.get("bucket_seconds").asInt());
            long cpuCount = count(metrics, "cpu_percent");
            long memoryCount = count(metrics, "memory_percent");
            assertTrue(cpuCount >= 1, metrics.toString());
            assertTrue(cpuCount < memoryCount, "the first sample lacks a CPU rate: " + metrics);

            // A day is read from the five-minute rollups, an hour from the samples: the same samples either way.
            String agreed = TestServer.awaitValue(TEN_SECONDS, "rollups that match the samples", () -> {
                String fromSamples = totals(server.get("/api/v1/system/metrics?hours=1&metric=memory_percent",
                                                       server.viewerToken()).json());
                String fromRollups = totals(server.get("/api/v1/system/metrics?hours=24&metric=memory_percent",
                                                       server.viewerToken()).json());
                return fromSamples.equals(fromRollups) ? fromSamples : null;
            });
            assertFalse(agreed.startsWith("count=0 "), agreed);

            JsonNode info = server.get("/api/v1/system/info", server.viewerToken()).json();
            assertTrue(info.at("/cpu/logical_cores").asInt() >= 1, info.toString());
            assertTrue(info.at("/memory/total_bytes").asLong() > 0);
            assertFalse(info.at("/os/family").asText().isBlank());
            assertEquals(Runtime.version().feature(), Runtime.Version.parse(info.at("/jvm/version").asText()).feature());
            assertEquals("oshi-jna", info.at("/sampling/oshi_provider").asText());
            assertTrue(info.at("/sampling/samples_taken").asInt() >= 2);

            JsonNode cores = server.get("/api/v1/admin/signals?name=system.cpu_core_percent", server.viewerToken())
                    .json();
            assertEquals(sample.at("/cpu/cores").size(), cores.get("series").size(), cores.toString());
            assertTrue(cores.at("/series/0/labels/core").isTextual(), cores.toString());
            JsonNode disks = server.get("/api/v1/admin/signals?name=system.disk_percent", server.viewerToken()).json();
            assertTrue(disks.at("/series/0/labels/mount").isTextual(), disks.toString());
            assertEquals(1, server.get("/api/v1/admin/signals?name=system.health_level", server.viewerToken()).json()
                    .get("series").size());

            JsonNode resources = server.get("/api/v1/consumer/resources", server.viewerToken()).json();
            assertTrue(resources.get("samples").size() >= 1, resources.toString());
            resources.get("samples").forEach(each -> {
                assertPercent(each.get("cpu_percent"), "resource history cpu");
                assertPercent(each.get("memory_percent"), "resource history memory");
            });
        }
    }

    @Test
    void showsTheLatestSampleOnMetricsInBaseUnitsAndFollowsTheCountersOfTheOsAndJvm() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().config("system", "interval: 1h\n").start()) {
            awaitSamples(server, 1);
            ScrapedMetrics first = ScrapedMetrics.of(server);
            assertEquals(202, server.post("/api/v1/admin/plugins/system/tasks/sample/run", null, server.adminToken())
                    .status());
            awaitSamples(server, 2);
            // The interval is an hour: no other sample comes, so /health and /metrics show the same one.
            JsonNode sample = server.get("/api/v1/system/health", server.viewerToken()).json().get("sample");
            ScrapedMetrics metrics = ScrapedMetrics.of(server);

            if (sample.at("/cpu/percent").isNumber()) {
                assertEquals(sample.at("/cpu/percent").asDouble() / 100, metrics.value("vigil_system_cpu_ratio"),
                             1e-12);
            } else {
                // Two readings within OSHI's 300 ms tick cache give no rate: nothing is shown rather than a zero.
                assertTrue(metrics.find("vigil_system_cpu_ratio").isEmpty(), metrics.text());
            }
            assertEquals(sample.at("/memory/total_bytes").asDouble(), metrics.value("vigil_system_memory_total_bytes"));
            assertEquals(sample.at("/memory/used_bytes").asDouble(), metrics.value("vigil_system_memory_used_bytes"));
            assertEquals(sample.at("/swap/used_bytes").asDouble(), metrics.value("vigil_system_swap_used_bytes"));
            assertEquals(sample.at("/process/heap_used_bytes").asDouble(),
                         metrics.value("vigil_system_heap_used_bytes"));
            if (sample.at("/process/cpu_percent").isNumber()) {
                double processCpu = metrics.value("vigil_system_process_cpu_ratio");
                assertTrue(processCpu >= 0 && processCpu <= 1, "process cpu ratio " + processCpu);
                assertEquals(sample.at("/process/cpu_percent").asDouble() / 100, processCpu, 1e-12);
            }
            for (JsonNode disk : sample.get("disks")) {
                String mount = disk.get("mount").asText();
                assertEquals(disk.get("total_bytes").asDouble(),
                             metrics.value("vigil_system_disk_total_bytes", "mount", mount));
                double used = metrics.value("vigil_system_disk_used_bytes", "mount", mount);
                assertEquals(disk.get("used_bytes").asDouble(), used);
                assertTrue(used + disk.get("free_bytes").asDouble() <= disk.get("total_bytes").asDouble(), mount);
            }
            assertEquals(sample.get("disks").size(), metrics.labelsOf("vigil_system_disk_used_bytes").size());

            // Counters as the OS and the JVM keep them (the server runs in this JVM): never more than there is now,
            // never going down from one sample to the next.
            assertEquals("counter", metrics.typeOf("vigil_system_gc_collections_total"));
            for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                double counted = metrics.value("vigil_system_gc_collections_total", "collector", gc.getName());
                assertTrue(counted <= gc.getCollectionCount(), gc.getName() + ": " + counted);
                assertTrue(counted >= first.value("vigil_system_gc_collections_total", "collector", gc.getName()));
                assertTrue(metrics.value("vigil_system_gc_collection_seconds_total", "collector", gc.getName())
                                   <= gc.getCollectionTime() / 1000.0);
            }
            for (JsonNode net : sample.get("network")) {
                String name = net.get("name").asText();
                double received = metrics.value("vigil_system_network_received_bytes_total", "interface", name);
                assertTrue(received >= first.value("vigil_system_network_received_bytes_total", "interface", name));
                assertTrue(metrics.value("vigil_system_network_transmitted_bytes_total", "interface", name) >= 0);
            }
            metrics.assertPromtoolFindsNothing();
        }
    }

    @Test
    void aLiveConfigEditThatLowersAThresholdChangesTheLevel() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest()
                .config("system", thresholds(100, 100)).start()) {
            JsonNode first = TestServer.awaitValue(TEN_SECONDS, "the first sample", () -> {
                JsonNode now = server.get("/api/v1/system/health", server.viewerToken()).json();
                return now.get("sample").isObject() ? now : null;
            });
            double memory = first.at("/sample/memory/percent").asDouble();
            boolean somethingFull = memory >= 100;
            for (JsonNode disk : first.at("/sample/disks")) {
                somethingFull |= disk.get("used_percent").asDouble() >= 100;
            }
            assertEquals(somethingFull ? "critical" : "healthy", first.get("level").asText(), first.toString());
            assertTrue(memory > 0, first.toString());

            // Half of what memory uses now is a warning; the edit applies to the latest sample at once...
            double half = Math.floor(memory / 2 * 1000) / 1000;
            server.writeConfig("system", thresholds(half, 100));
            JsonNode warning = awaitLevel(server, somethingFull ? "critical" : "warning");
            assertTrue(reasonsOf(warning).contains("memory_percent:warning"), warning.toString());
            assertEquals(half, warning.at("/thresholds/memory_percent/warning").asDouble());

            // ...and the next run of the sampling task judges its new sample by it, publishing the level.
            server.writeConfig("system", thresholds(half, half));
            JsonNode critical = awaitLevel(server, "critical");
            assertTrue(reasonsOf(critical).contains("memory_percent:critical"), critical.toString());
            HttpResult triggered = server.post("/api/v1/admin/plugins/system/tasks/sample/run", null,
                                               server.adminToken());
            assertEquals(202, triggered.status(), triggered.body());
            TestServer.await(TEN_SECONDS, "the sampling task to publish health level 2 (critical)", () -> {
                JsonNode signal = server.get("/api/v1/admin/signals?name=system.health_level", server.viewerToken())
                        .json();
                JsonNode points = signal.at("/series/0/points");
                return points.size() >= 2 && points.get(points.size() - 1).get("value").asDouble() == 2.0;
            });
            JsonNode second = server.get("/api/v1/system/health", server.viewerToken()).json();
            assertTrue(Instant.parse(second.get("sampled_at").asText())
                               .isAfter(Instant.parse(first.get("sampled_at").asText())), "a new sample: " + second);
            assertEquals("critical", second.get("level").asText());
        }
    }

    @Test
    void badParametersAreRefusedNamingTheParameterAndReadsNeedAViewer() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            HttpResult zeroHours = server.get("/api/v1/system/metrics?hours=0", server.viewerToken());
            assertEquals(400, zeroHours.status());
            assertEquals("hours", zeroHours.json().at("/error/details/parameter").asText(), zeroHours.body());
            HttpResult wordHours = server.get("/api/v1/system/metrics?hours=many", server.viewerToken());
            assertEquals(400, wordHours.status());
            assertTrue(wordHours.errorMessage().contains("'hours'"), wordHours.body());

            HttpResult unknown = server.get("/api/v1/system/metrics?metric=cpu_percent,gpu_percent",
                                            server.viewerToken());
            assertEquals(400, unknown.status());
            assertTrue(unknown.errorMessage().contains("'metric'") && unknown.errorMessage().contains("gpu_percent")
                               && unknown.errorMessage().contains("memory_percent"), unknown.body());
            assertEquals(Metric.values().length, unknown.json().at("/error/details/valid").size());

            assertEquals(200, server.get("/api/v1/system/metrics?metric=system.cpu_percent", server.viewerToken())
                    .status(), "signal names are accepted too");
            assertEquals(401, server.get("/api/v1/system/health", null).status());
            assertEquals(403, server.get("/api/v1/system/health", server.ingestToken()).status());
            assertEquals(200, server.get("/api/v1/system/info", server.viewerToken()).status());
        }
    }

    @Test
    void samplingGoesOnAfterAHotReloadAndTheOldClassLoaderIsReleased() throws Exception {
        try (TestServer server = TestServer.builder().pluginUnderTest().start()) {
            awaitSamples(server, 1);
            HttpResult reloaded = server.post("/api/v1/admin/plugins/system/reload", null, server.adminToken());
            assertEquals(200, reloaded.status(), reloaded.body());
            assertEquals("STARTED", reloaded.json().get("state").asText(), reloaded.body());
            JsonNode info = awaitSamples(server, 1);
            assertEquals("oshi-jna", info.at("/sampling/oshi_provider").asText(), "JNA loads again: " + info);
            for (JsonNode task : server.get("/api/v1/admin/plugins/system", server.viewerToken()).json().get("tasks")) {
                assertEquals(0, task.get("failures").asInt(), "no task of the reloaded plugin failed: " + task);
            }
            // The old class loader can be collected: JNA's cleaner thread no longer pins it.
            TestServer.await(TEN_SECONDS, "the unloaded class loader to be collected", () -> {
                System.gc();
                return server.get("/api/v1/admin/status", server.viewerToken()).json()
                        .at("/plugins/unreleased_class_loaders").asInt() == 0;
            });
        }
    }

    private static JsonNode awaitSamples(TestServer server, int atLeast) {
        return TestServer.awaitValue(TEN_SECONDS, atLeast + " sample(s)", () -> {
            HttpResult info = server.get("/api/v1/system/info", server.viewerToken());
            return info.status() == 200 && info.json().at("/sampling/samples_taken").asInt() >= atLeast
                    ? info.json() : null;
        });
    }

    private static JsonNode awaitLevel(TestServer server, String level) {
        return TestServer.awaitValue(TEN_SECONDS, "health level " + level, () -> {
            JsonNode now = server.get("/api/v1/system/health", server.viewerToken()).json();
            return level.equals(now.get("level").asText()) ? now : null;
        });
    }

    private static Set<String> reasonsOf(JsonNode health) {
        Set<String> reasons = new HashSet<>();
        health.get("reasons").forEach(r -> reasons.add(r.get("metric").asText() + ":" + r.get("level").asText()));
        return reasons;
    }

    /** Only memory can cross its thresholds; CPU and disks stay below 100 % unless truly full. */
    private static String thresholds(double memoryWarning, double memoryCritical) {
        return String.format(Locale.ROOT, """
                interval: 1h
                thresholds:
                  cpu-percent: {warning: 100, critical: 100}
                  memory-percent: {warning: %s, critical: %s}
                  disk-percent: {warning: 100, critical: 100}
                """, memoryWarning, memoryCritical);
    }

    private static long count(JsonNode metrics, String metric) {
        long total = 0;
        for (JsonNode series : metrics.get("series")) {
            if (series.get("metric").asText().equals(metric)) {
                for (JsonNode point : series.get("points")) {
                    total += point.get("count").asLong();
                }
            }
        }
        return total;
    }

    /** Count, min, max and count-weighted mean over every bucket of the one series of a history. */
    private static String totals(JsonNode metrics) {
        long count = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double sum = 0;
        for (JsonNode point : metrics.at("/series/0/points")) {
            count += point.get("count").asLong();
            min = Math.min(min, point.get("min").asDouble());
            max = Math.max(max, point.get("max").asDouble());
            sum += point.get("avg").asDouble() * point.get("count").asLong();
        }
        return String.format(Locale.ROOT, "count=%d min=%.9f max=%.9f mean=%.6f", count, min, max,
                             count == 0 ? 0 : sum / count);
    }

    private static void assertPercent(JsonNode value, String what) {
        assertTrue(value != null && value.isNumber(), what + " is a number: " + value);
        assertTrue(value.asDouble() >= 0 && value.asDouble() <= 100, what + " = " + value);
    }

    /** A plugin that reads the ResourceHistory service, as the optimizer does. */
    private static Path resourceHistoryConsumer(Path dir) throws Exception {
        return PluginJarBuilder.plugin("consumer", "1.0.0").source("test.consumer.Consumer", """
                package test.consumer;
                import java.util.List;
                import java.util.Map;
                import dev.vigil.api.*;
                import dev.vigil.api.http.*;
                import dev.vigil.api.services.ResourceHistory;
                @org.pf4j.Extension
                public class Consumer implements VigilPlugin {
                    private PluginContext context;
                    public void start(PluginContext context) { this.context = context; }
                    public void routes(PluginRoutes routes) {
                        routes.get("/resources", Role.VIEWER, (req, res) -> {
                            var now = context.clock().instant();
                            List<ResourceHistory.ResourceSample> samples = context.services()
                                .find(ResourceHistory.class).orElseThrow()
                                .samples(now.minusSeconds(3600), now.plusSeconds(1));
                            context.json().send(res, Map.of("samples", samples));
                        });
                    }
                }
                """).build(dir.resolve("consumer.jar"));
    }
}
