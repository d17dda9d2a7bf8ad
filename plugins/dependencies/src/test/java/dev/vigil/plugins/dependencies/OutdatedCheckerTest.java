package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import dev.vigil.api.Jobs;
import dev.vigil.plugins.dependencies.Component.OutdatedState;

import org.junit.jupiter.api.Test;

class OutdatedCheckerTest {

    private static final Jobs.Progress NO_PROGRESS = new Jobs.Progress() {
        @Override
        public void update(double fraction, String message) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    @Test
    void classifiesEachComponentAndReportsFailuresPerComponent() throws Exception {
        try (LoopbackServer repository = new LoopbackServer()) {
            repository.mavenMetadata("commons-collections", "commons-collections", "3.1", "3.2.1", "3.2.2",
                                     "20040616")
                    .mavenMetadata("org.example", "minor", "1.2.0", "1.3.0", "2.0.0-RC1")
                    .mavenMetadata("org.example", "major", "1.0", "2.0.1")
                    .answer("/org/example/broken/maven-metadata.xml",
                            new LoopbackServer.Answer(503, "busy".getBytes(), Duration.ZERO))
                    .answer("/org/example/slow/maven-metadata.xml",
                            new LoopbackServer.Answer(200, "<metadata/>".getBytes(), Duration.ofSeconds(3)));
            OutdatedChecker checker = new OutdatedChecker(
                    new DependenciesConfig.Outdated(true, repository.uri().toString(), Duration.ofMillis(500), 4),
                    System.getLogger("test"));
            List<Component> checked = checker.check(List.of(
                    maven("commons-collections", "commons-collections", "3.2.1"),
                    maven("commons-collections", "commons-collections", "3.2.2"),
                    maven("org.example", "minor", "1.2.0"),
                    maven("org.example", "major", "1.0"),
                    maven("org.example", "absent", "1.0"),
                    maven("org.example", "broken", "1.0"),
                    maven("org.example", "slow", "1.0"),
                    new Component("app.js", null, null, "1.0", "/srv/app.js", null, null, null, null, null, null)),
                                                    NO_PROGRESS, 0, 1);

            assertState(checked.get(0), OutdatedState.Status.OUTDATED, "3.2.2", UpdateType.PATCH);
            assertState(checked.get(1), OutdatedState.Status.CURRENT, "3.2.2", null);
            assertState(checked.get(2), OutdatedState.Status.OUTDATED, "1.3.0", UpdateType.MINOR);
            assertState(checked.get(3), OutdatedState.Status.OUTDATED, "2.0.1", UpdateType.MAJOR);
            assertUnknown(checked.get(4), "not found in " + repository.uri());
            assertUnknown(checked.get(5), "HTTP 503");
            assertUnknown(checked.get(6), "within 500 ms");
            assertEquals(OutdatedState.Status.NOT_CHECKED, checked.get(7).outdated().status());
            // one lookup per artifact, however many files hold it
            assertEquals(1, repository.requested().stream()
                    .filter(path -> path.contains("commons-collections")).count());
        }
    }

    @Test
    void aRepositoryThatCannotBeReachedLeavesEveryComponentUnknown() {
        OutdatedChecker checker = new OutdatedChecker(
                new DependenciesConfig.Outdated(true, "http://127.0.0.1:9/", Duration.ofMillis(500), 2),
                System.getLogger("test"));
        List<Component> checked = checker.check(List.of(maven("org.example", "lib", "1.0")), NO_PROGRESS, 0, 1);
        assertEquals(OutdatedState.Status.UNKNOWN, checked.getFirst().outdated().status());
        assertTrue(checked.getFirst().outdated().error().contains("127.0.0.1:9"), checked.getFirst().outdated().error());
    }

    private static Component maven(String group, String artifact, String version) {
        return new Component(artifact, group, artifact, version, "/lib/" + artifact + "-" + version + ".jar", null,
                             null, "pkg:maven/" + group + "/" + artifact + "@" + version, null, null, null);
    }

    private static void assertState(Component component, OutdatedState.Status status, String latest,
                                    UpdateType type) {
        assertEquals(status, component.outdated().status(), component.toString());
        assertEquals(latest, component.outdated().latestVersion(), component.toString());
        assertEquals(type, component.outdated().updateType(), component.toString());
    }

    private static void assertUnknown(Component component, String reason) {
        assertEquals(OutdatedState.Status.UNKNOWN, component.outdated().status(), component.toString());
        assertTrue(component.outdated().error().contains(reason), component.outdated().error());
    }
}
