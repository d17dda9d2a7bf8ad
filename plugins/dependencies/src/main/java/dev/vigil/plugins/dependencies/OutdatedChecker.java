package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import dev.vigil.api.Jobs;
import dev.vigil.plugins.dependencies.Component.OutdatedState;

/**
 * Finds the newest release of each Maven component in a Maven repository's {@code maven-metadata.xml} and says how
 * far behind the component is. A repository that cannot answer for one component makes that component UNKNOWN,
 * with the reason; it never fails the scan.
 */
final class OutdatedChecker {

    private final DependenciesConfig.Outdated config;
    private final System.Logger log;

    OutdatedChecker(DependenciesConfig.Outdated config, System.Logger log) {
        this.config = config;
        this.log = log;
    }

    /**
     * A groupId:artifactId, looked up once however many files hold it. Maps are keyed by {@link #key()}, never by
     * the record: a record's equals, once linked, leaves its class in a JDK-wide soft cache (ObjectMethods) that
     * keeps this plugin's class loader after an unload until the heap runs short.
     */
    record Artifact(String groupId, String artifactId) {
        String key() {
            return groupId + ":" + artifactId;
        }
    }

    /** What the repository said about one artifact: its versions, or why it could not tell. */
    record Lookup(List<String> versions, String error) {
    }

    /** The components with their {@link OutdatedState} filled in; progress moves from {@code from} to {@code to}. */
    List<Component> check(List<Component> components, Jobs.Progress progress, double from, double to) {
        if (!config.enabled()) {
            return components;
        }
        Map<String, Artifact> artifacts = new java.util.LinkedHashMap<>();
        components.stream().filter(Component::isMaven)
                .forEach(c -> artifacts.putIfAbsent(c.groupId() + ":" + c.artifactId(),
                                                    new Artifact(c.groupId(), c.artifactId())));
        Map<String, Lookup> lookups = lookUp(List.copyOf(artifacts.values()), progress, from, to);
        List<Component> checked = new ArrayList<>(components.size());
        for (Component component : components) {
            if (!component.isMaven()) {
                checked.add(component.withOutdated(OutdatedState.NOT_CHECKED));
                continue;
            }
            Lookup lookup = lookups.get(component.groupId() + ":" + component.artifactId());
            checked.add(component.withOutdated(state(component.version(), lookup)));
        }
        return checked;
    }

    /** Compares one version with what the repository lists. */
    static OutdatedState state(String version, Lookup lookup) {
        if (lookup == null) {
            return OutdatedState.unknown("not looked up: the scan was cancelled");
        }
        if (lookup.error() != null) {
            return OutdatedState.unknown(lookup.error());
        }
        MavenVersion current = MavenVersion.parse(version);
        Optional<MavenVersion> newest = MavenVersion.newestRelease(current, lookup.versions());
        if (newest.isEmpty()) {
            return OutdatedState.unknown("the repository lists no stable release");
        }
        return MavenVersion.updateType(current, newest.get())
                .map(type -> new OutdatedState(OutdatedState.Status.OUTDATED, newest.get().toString(), type, null))
                .orElseGet(() -> new OutdatedState(OutdatedState.Status.CURRENT, newest.get().toString(), null, null));
    }

    private Map<String, Lookup> lookUp(List<Artifact> artifacts, Jobs.Progress progress, double from, double to) {
        Map<String, Lookup> results = new ConcurrentHashMap<>();
        if (artifacts.isEmpty()) {
            return results;
        }
        Semaphore permits = new Semaphore(config.concurrency());
        AtomicInteger done = new AtomicInteger();
        // The client and its threads go with this scan: nothing outlives it to keep the plugin loaded.
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
             ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Artifact artifact : artifacts) {
                workers.submit(() -> {
                    if (progress.cancelled()) {
                        return;
                    }
                    try {
                        permits.acquire();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    try {
                        results.put(artifact.key(), fetch(http, artifact));
                    } finally {
                        permits.release();
                        int finished = done.incrementAndGet();
                        progress.update(from + (to - from) * finished / artifacts.size(),
                                        "newest versions: " + finished + " of " + artifacts.size() + " artifacts");
                    }
                });
            }
        }
        long failures = results.values().stream().filter(lookup -> lookup.error() != null).count();
        if (failures > 0) {
            log.log(System.Logger.Level.INFO, "newest versions: {0} of {1} artifacts could not be looked up in {2}",
                    failures, artifacts.size(), config.repositoryUrl());
        }
        return results;
    }

    private Lookup fetch(HttpClient http, Artifact artifact) {
        URI uri = metadataUri(config.repository(), artifact);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout()).GET()
                .header("User-Agent", "Vigil dependencies plugin").build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 404) {
                return new Lookup(List.of(), "not found in " + config.repositoryUrl());
            }
            if (response.statusCode() != 200) {
                return new Lookup(List.of(), "HTTP " + response.statusCode() + " from " + uri);
            }
            return new Lookup(MavenMetadata.versions(response.body()), null);
        } catch (HttpTimeoutException e) {
            return new Lookup(List.of(), "no answer from " + config.repositoryUrl() + " within "
                    + config.timeout().toMillis() + " ms");
        } catch (IOException e) {
            return new Lookup(List.of(), "cannot read " + uri + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lookup(List.of(), "interrupted");
        }
    }

    /** {@code <repository>/org/example/lib/maven-metadata.xml}; each path segment encoded. */
    static URI metadataUri(URI repository, Artifact artifact) {
        StringBuilder path = new StringBuilder();
        for (String segment : artifact.groupId().split("\\.")) {
            path.append(encode(segment)).append('/');
        }
        path.append(encode(artifact.artifactId())).append("/maven-metadata.xml");
        return repository.resolve(path.toString());
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
