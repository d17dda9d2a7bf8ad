package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import dev.vigil.api.Jobs;
import dev.vigil.plugins.dependencies.Component.OutdatedState;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutdatedCheckerTest {

    private static final Instant NOW = Instant.parse("2025-04-20T10:00:00Z");
    private static final Jobs.Progress NO_PROGRESS = SilentProgress.NONE;

    @TempDir
    Path work;
    private Connection database;
    private RegistryCache cache;

    @BeforeEach
    void openTheCache() throws Exception {
        database = DriverManager.getConnection("jdbc:sqlite:" + work.resolve("test.db"));
        try (Statement statement = database.createStatement()) {
            statement.execute(RegistryCache.TABLE.statements().getFirst());
        }
        cache = new RegistryCache(new OneConnectionStorage(database));
    }

    @AfterEach
    void closeTheCache() throws Exception {
        database.close();
    }

    @Test
    void classifiesEachMavenComponentAndReportsFailuresPerComponent() throws Exception {
        try (LoopbackServer repository = new LoopbackServer()) {
            repository.mavenMetadata("commons-collections", "commons-collections", "3.1", "3.2.1", "3.2.2",
                                     "20040616")
                    .mavenMetadata("org.example", "minor", "1.2.0", "1.3.0", "2.0.0-RC1")
                    .mavenMetadata("org.example", "major", "1.0", "2.0.1")
                    .answer("/org/example/broken/maven-metadata.xml",
                            new LoopbackServer.Answer(503, "busy".getBytes(), Duration.ZERO))
                    .answer("/org/example/garbled/maven-metadata.xml", LoopbackServer.Answer.ok("<html>"));
            List<Component> checked = checker(outdated(repository.uri().toString(), "http://127.0.0.1:9/pypi",
                                                       "http://127.0.0.1:9/npm", 500)).check(List.of(
                    maven("commons-collections", "commons-collections", "3.2.1"),
                    maven("commons-collections", "commons-collections", "3.2.2"),
                    maven("org.example", "minor", "1.2.0"),
                    maven("org.example", "major", "1.0"),
                    maven("org.example", "absent", "1.0"),
                    maven("org.example", "broken", "1.0"),
                    maven("org.example", "garbled", "1.0"),
                    new Component("app.js", null, null, "1.0", "/srv/app.js", null, null, null, null, null, null)),
                                                    NO_PROGRESS, 0, 1);

            assertState(checked.get(0), OutdatedState.Status.OUTDATED, "3.2.2", UpdateType.PATCH);
            assertState(checked.get(1), OutdatedState.Status.CURRENT, "3.2.2", null);
            assertState(checked.get(2), OutdatedState.Status.OUTDATED, "1.3.0", UpdateType.MINOR);
            assertState(checked.get(3), OutdatedState.Status.OUTDATED, "2.0.1", UpdateType.MAJOR);
            assertReason(checked.get(4), OutdatedState.Status.UNKNOWN, "not found in " + repository.uri());
            // a server error is the registry's trouble, not the package's: not checked, and the scan goes on
            assertReason(checked.get(5), OutdatedState.Status.NOT_CHECKED, "HTTP 503");
            assertReason(checked.get(6), OutdatedState.Status.UNKNOWN, "unreadable answer");
            assertEquals(OutdatedState.Status.NOT_CHECKED, checked.get(7).outdated().status());
            assertNull(checked.get(7).outdated().error(), "not a registry's package: nothing to explain");
            // one lookup per artifact, however many files hold it
            assertEquals(1, repository.requested().stream()
                    .filter(path -> path.contains("commons-collections")).count());
        }
    }

    @Test
    void readsPypiAndNpmAnswersThroughConfiguredMirrors() throws Exception {
        try (LoopbackServer mirror = registries(new LoopbackServer())) {
            List<Component> checked = checker(outdated("http://127.0.0.1:9/maven2/", mirror.uri() + "pypi/",
                                                       mirror.uri() + "npm", 2000)).check(List.of(
                    pypi("django", "4.2.1"), pypi("requests", "2.32.3"), pypi("django", "5.2a1"),
                    pypi("mysqlclient", "2.2.6"),
                    npm("react", "18.2.0"), npm("%40babel/core", "7.24.0"), npm("lodash", "4.17.15"),
                    npm("react", "18.2.0").withLicenses(List.of("MIT License: https://opensource.org/licenses/MIT"),
                                                        Component.FROM_DEPENDENCY_CHECK),
                    npm("left-pad", "1.3.0")), NO_PROGRESS, 0, 1);

            Component django = checked.get(0);
            assertState(django, OutdatedState.Status.OUTDATED, "5.1.4", UpdateType.MAJOR);
            assertEquals(Instant.parse("2024-12-04T15:48:54.853961Z"), django.outdated().latestReleasedAt());
            assertEquals(Instant.parse("2023-05-03T12:58:29.960290Z"), django.outdated().currentReleasedAt());
            assertEquals(List.of("BSD-3-Clause"), django.licenses());
            assertEquals(Component.FROM_REGISTRY, django.licenseSource());
            // the yanked 2.32.0 and a newer yanked Django 9.0 are not releases to move to
            assertState(checked.get(1), OutdatedState.Status.CURRENT, "2.32.3", null);
            assertEquals(List.of("Apache-2.0"), checked.get(1).licenses());
            // a user of a pre-release moves to the next pre-release
            assertState(checked.get(2), OutdatedState.Status.OUTDATED, "5.2b1", UpdateType.PATCH);
            // the licence field holds the licence's whole text: the classifiers name it
            assertEquals(List.of("GNU General Public License (GPL)", "GNU General Public License v2 (GPLv2)"),
                         checked.get(3).licenses());

            Component react = checked.get(4);
            assertState(react, OutdatedState.Status.OUTDATED, "19.1.0", UpdateType.MAJOR);
            assertEquals(Instant.parse("2025-03-28T19:59:42.053Z"), react.outdated().latestReleasedAt());
            assertEquals(Instant.parse("2022-06-14T19:46:38.369Z"), react.outdated().currentReleasedAt());
            assertEquals(List.of("MIT"), react.licenses());
            assertState(checked.get(5), OutdatedState.Status.OUTDATED, "7.26.10", UpdateType.MINOR);
            assertState(checked.get(6), OutdatedState.Status.OUTDATED, "4.17.21", UpdateType.PATCH);
            // dependency-check's licence stays when it found one
            assertEquals(List.of("MIT License: https://opensource.org/licenses/MIT"), checked.get(7).licenses());
            assertEquals(Component.FROM_DEPENDENCY_CHECK, checked.get(7).licenseSource());
            assertReason(checked.get(8), OutdatedState.Status.UNKNOWN, "not found in " + mirror.uri() + "npm");

            // one request per package; a scoped name is asked for as @scope%2fname
            assertEquals(1, mirror.requested().stream().filter("/npm/react"::equals).count());
            assertEquals(1, mirror.requested().stream().filter("/pypi/django/json"::equals).count());
            assertTrue(mirror.requested().contains("/npm/@babel/core"), mirror.requested().toString());
        }
    }

    @Test
    void anUnreachableRegistryIsNotCheckedWithTheReasonAndItsLastAnswer() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // nothing listens there once it is closed
        }
        // one request at a time, so that the second npm package is asked after the first was refused
        DependenciesConfig.Outdated down = new DependenciesConfig.Outdated(
                true, "http://127.0.0.1:" + closed + "/maven2/", new DependenciesConfig.Registries(
                "http://127.0.0.1:" + closed + "/pypi", "http://127.0.0.1:" + closed + "/npm"),
                Duration.ofSeconds(2), 1);
        List<Component> components = List.of(npm("react", "18.2.0"), npm("lodash", "4.17.15"),
                                              pypi("django", "4.2.1"), npm("ckeditor5", "41.4.2"));

        List<Component> first = checker(down).check(components, NO_PROGRESS, 0, 1);
        for (Component component : first) {
            assertReason(component, OutdatedState.Status.NOT_CHECKED, "127.0.0.1:" + closed);
            assertNull(component.outdated().cached(), "no earlier answer to show");
        }
        // after one refused connection the registry is not asked again in this scan, and each component says why
        // npm's first package and PyPI's only one were refused; npm's other two were not asked
        assertEquals(2, first.stream().filter(c -> c.outdated().error().equals("cannot connect to 127.0.0.1:" + closed))
                .count());
        assertEquals(2, first.stream().filter(c -> c.outdated().error().equals(
                "not asked: http://127.0.0.1:" + closed + "/npm could not be reached earlier in this scan (cannot "
                        + "connect to 127.0.0.1:" + closed + ")")).count());

        try (LoopbackServer mirror = registries(new LoopbackServer())) {
            checker(outdated("http://127.0.0.1:9/maven2/", mirror.uri() + "pypi", mirror.uri() + "npm", 2000),
                    Clock.fixed(NOW.minus(Duration.ofHours(3)), ZoneOffset.UTC)).check(components, NO_PROGRESS, 0, 1);
        }
        List<Component> later = checker(down).check(components, NO_PROGRESS, 0, 1);
        Component cachedReact = later.getFirst();
        assertEquals(OutdatedState.Status.NOT_CHECKED, cachedReact.outdated().status());
        assertNull(cachedReact.outdated().updateType(), "a cached answer is shown, not counted as outdated");
        assertEquals(new Component.CachedAnswer("19.1.0", UpdateType.MAJOR, NOW.minus(Duration.ofHours(3)), 3 * 3600),
                     cachedReact.outdated().cached());
        assertEquals(List.of("MIT"), cachedReact.licenses());
        assertEquals(Component.FROM_REGISTRY_CACHE, cachedReact.licenseSource());
        assertEquals("5.1.4", later.get(2).outdated().cached().latestVersion());
        // the licence of the version in use, not the newest release's ("SEE LICENSE IN LICENSE.md")
        assertEquals(List.of("GPL-2.0-or-later"), later.get(3).licenses());
        assertEquals(UpdateType.MAJOR, later.get(2).outdated().cached().updateType());
    }

    @Test
    void aRegistryThatDoesNotAnswerInTimeIsNotChecked() throws Exception {
        try (LoopbackServer slow = new LoopbackServer()) {
            slow.answer("/npm/react", new LoopbackServer.Answer(200, "{}".getBytes(), Duration.ofSeconds(3)));
            Component react = checker(outdated("http://127.0.0.1:9/maven2/", "http://127.0.0.1:9/pypi",
                                               slow.uri() + "npm", 500))
                    .check(List.of(npm("react", "18.2.0")), NO_PROGRESS, 0, 1).getFirst();
            assertReason(react, OutdatedState.Status.NOT_CHECKED, "within 500 ms");
        }
    }

    static LoopbackServer registries(LoopbackServer server) throws Exception {
        return server.resource("/pypi/django/json", "/registries/pypi/django.json")
                .resource("/pypi/requests/json", "/registries/pypi/requests.json")
                .resource("/pypi/mysqlclient/json", "/registries/pypi/mysqlclient.json")
                .resource("/npm/react", "/registries/npm/react.json")
                .resource("/npm/react-dom", "/registries/npm/react-dom.json")
                .resource("/npm/lodash", "/registries/npm/lodash.json")
                .resource("/npm/@babel/core", "/registries/npm/babel-core.json")
                .resource("/npm/jszip", "/registries/npm/jszip.json")
                .resource("/npm/ckeditor5", "/registries/npm/ckeditor5.json");
    }

    private OutdatedChecker checker(DependenciesConfig.Outdated config) {
        return checker(config, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private OutdatedChecker checker(DependenciesConfig.Outdated config, Clock clock) {
        return new OutdatedChecker(config, cache, clock, System.getLogger("test"));
    }

    private static DependenciesConfig.Outdated outdated(String maven, String pypi, String npm, long timeoutMillis) {
        return new DependenciesConfig.Outdated(true, maven, new DependenciesConfig.Registries(pypi, npm),
                                               Duration.ofMillis(timeoutMillis), 4);
    }

    private static Component maven(String group, String artifact, String version) {
        return new Component(artifact, group, artifact, version, "/lib/" + artifact + "-" + version + ".jar", null,
                             null, "pkg:maven/" + group + "/" + artifact + "@" + version, null, null, null);
    }

    private static Component pypi(String name, String version) {
        return new Component(name, null, null, version, "/srv/app/requirements.txt", null, null,
                             "pkg:pypi/" + name + "@" + version, null, null, null);
    }

    private static Component npm(String name, String version) {
        return new Component(name, null, null, version, "/srv/web/package-lock.json", null, null,
                             "pkg:npm/" + name + "@" + version, null, null, null);
    }

    private static void assertState(Component component, OutdatedState.Status status, String latest,
                                    UpdateType type) {
        assertEquals(status, component.outdated().status(), component.toString());
        assertEquals(latest, component.outdated().latestVersion(), component.toString());
        assertEquals(type, component.outdated().updateType(), component.toString());
    }

    private static void assertReason(Component component, OutdatedState.Status status, String reason) {
        assertEquals(status, component.outdated().status(), component.toString());
        assertTrue(component.outdated().error().contains(reason), component.outdated().error());
    }
}
