package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import dev.vigil.api.Jobs;
import dev.vigil.plugins.dependencies.Component.OutdatedState;

/**
 * Finds the newest release of each component in its ecosystem's registry (a Maven repository, PyPI, npm: one
 * {@link RegistryLookup} each) and says how far behind the component is; fills in the registry's licences for
 * components whose metadata declared none. One request per package however many files hold it. A package the
 * registry does not know is UNKNOWN with the reason. A registry that cannot be reached (DNS, refused, timeout, 5xx)
 * makes its components NOT_CHECKED with the reason and its last answer from the {@link RegistryCache}; after one
 * failed connection that registry is not asked again in this scan. Nothing here fails the scan.
 */
final class OutdatedChecker {

    private final DependenciesConfig.Outdated config;
    private final RegistryCache cache;
    private final Clock clock;
    private final System.Logger log;

    OutdatedChecker(DependenciesConfig.Outdated config, RegistryCache cache, Clock clock, System.Logger log) {
        this.config = config;
        this.cache = cache;
        this.clock = clock;
        this.log = log;
    }

    /** One package to ask about. Maps are keyed by {@link #key()}, never by the record (see {@link Unloading}). */
    record Wanted(RegistryLookup lookup, String name) {
        String key() {
            return RegistryCache.key(lookup.ecosystem(), name);
        }
    }

    /** What asking the registry about one package gave. */
    sealed interface Fetch {
        record Answered(PackageAnswer answer) implements Fetch {
        }

        /** The registry answered but cannot tell (404, an answer that is not what it should be): UNKNOWN. */
        record Unknown(String reason) implements Fetch {
        }

        /**
         * The registry was not reached: NOT_CHECKED, with its cached answer. {@code hostDown}: the connection itself
         * failed (DNS, refused, timeout), so the registry is not asked again in this scan; a 5xx is one package's.
         */
        record Unreachable(String reason, boolean hostDown) implements Fetch {
            Unreachable(String reason) {
                this(reason, true);
            }
        }
    }

    /** The components with their {@link OutdatedState} filled in; progress moves from {@code from} to {@code to}. */
    List<Component> check(List<Component> components, Jobs.Progress progress, double from, double to) {
        if (!config.enabled()) {
            return components;
        }
        Map<Ecosystem, RegistryLookup> lookups = new java.util.EnumMap<>(Ecosystem.class);
        RegistryLookup.all(config).forEach(lookup -> lookups.put(lookup.ecosystem(), lookup));
        Map<String, Wanted> wanted = new LinkedHashMap<>();
        Map<String, Set<String>> versionsInUse = new HashMap<>();
        for (Component component : components) {
            RegistryLookup lookup = lookups.get(component.ecosystem());
            String name = lookup == null ? null : lookup.packageName(component);
            if (name != null) {
                Wanted one = new Wanted(lookup, name);
                wanted.putIfAbsent(one.key(), one);
                if (lookup.version(component) != null) {
                    versionsInUse.computeIfAbsent(one.key(), k -> new TreeSet<>()).add(lookup.version(component));
                }
            }
        }
        Map<String, Fetch> fetched = fetchAll(List.copyOf(wanted.values()), progress, from, to);
        Instant now = clock.instant();
        Map<String, RegistryCache.Entry> cached = remember(wanted, versionsInUse, fetched, now);
        List<Component> checked = new ArrayList<>(components.size());
        for (Component component : components) {
            RegistryLookup lookup = lookups.get(component.ecosystem());
            if (lookup == null) {
                checked.add(component.withOutdated(OutdatedState.NOT_CHECKED));
                continue;
            }
            String name = lookup.packageName(component);
            if (name == null) {
                checked.add(component.withOutdated(OutdatedState.unknown(
                        "its package URL names no " + lookup.ecosystem().key() + " package")));
                continue;
            }
            String key = RegistryCache.key(lookup.ecosystem(), name);
            checked.add(checked(component, lookup, fetched.get(key), cached.get(key), now));
        }
        return checked;
    }

    private static Component checked(Component component, RegistryLookup lookup, Fetch fetch,
                                     RegistryCache.Entry cached, Instant now) {
        String version = lookup.version(component);
        return switch (fetch) {
            case null -> component.withOutdated(OutdatedState.unknown("not looked up: the scan was cancelled"));
            case Fetch.Unknown unknown -> component.withOutdated(OutdatedState.unknown(unknown.reason()));
            case Fetch.Unreachable unreachable -> {
                Component state = component.withOutdated(OutdatedState.unreachable(
                        unreachable.reason(), cached == null ? null : cachedAnswer(lookup, version, cached, now)));
                yield cached != null && component.licenses().isEmpty()
                        ? state.withLicenses(cached.licensesOf(version), Component.FROM_REGISTRY_CACHE) : state;
            }
            case Fetch.Answered answered -> {
                Component state = component.withOutdated(state(lookup, version, answered.answer()));
                yield component.licenses().isEmpty()
                        ? state.withLicenses(answered.answer().licensesOf(version), Component.FROM_REGISTRY) : state;
            }
        };
    }

    /** Compares one version with what the registry lists. */
    static OutdatedState state(RegistryLookup lookup, String version, PackageAnswer answer) {
        if (version == null || !lookup.understands(version)) {
            return OutdatedState.unknown("version '" + version + "' is not a " + lookup.ecosystem().key()
                                                 + " version this check can order");
        }
        return lookup.newest(version, answer).map(newest -> {
            UpdateType behind = lookup.behind(version, newest).orElse(null);
            return new OutdatedState(behind == null ? OutdatedState.Status.CURRENT : OutdatedState.Status.OUTDATED,
                                     newest, behind, null, answer.releasedAt(newest), answer.releasedAt(version),
                                     null);
        }).orElseGet(() -> OutdatedState.unknown("the registry lists no stable release"));
    }

    private static Component.CachedAnswer cachedAnswer(RegistryLookup lookup, String version,
                                                       RegistryCache.Entry entry, Instant now) {
        UpdateType behind = entry.latestVersion() != null && version != null && lookup.understands(version)
                && lookup.understands(entry.latestVersion())
                ? lookup.behind(version, entry.latestVersion()).orElse(null) : null;
        return new Component.CachedAnswer(entry.latestVersion(), behind, entry.answeredAt(),
                                          Math.max(0, Duration.between(entry.answeredAt(), now).toSeconds()));
    }

    /**
     * Stores this scan's answers and reads the last answers for the packages whose registry was not reached. A
     * database that fails here costs the cached answers, never the scan.
     */
    private Map<String, RegistryCache.Entry> remember(Map<String, Wanted> wanted, Map<String, Set<String>> versionsInUse,
                                                      Map<String, Fetch> fetched, Instant now) {
        List<RegistryCache.Entry> answers = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (Map.Entry<String, Fetch> each : fetched.entrySet()) {
            RegistryLookup lookup = wanted.get(each.getKey()).lookup();
            if (each.getValue() instanceof Fetch.Answered answered) {
                PackageAnswer answer = answered.answer();
                String latest = lookup.newest(null, answer).orElse(null);
                Map<String, List<String>> versionLicenses = new HashMap<>();
                for (String version : versionsInUse.getOrDefault(each.getKey(), Set.of())) {
                    answer.releases().stream().filter(r -> r.version().equals(version) && !r.licenses().isEmpty())
                            .findFirst().ifPresent(r -> versionLicenses.put(version, r.licenses()));
                }
                answers.add(new RegistryCache.Entry(each.getKey(), lookup.registryUrl(), latest,
                                                    latest == null ? null : answer.releasedAt(latest),
                                                    answer.licensesOf(latest == null ? "" : latest), versionLicenses,
                                                    now));
            } else if (each.getValue() instanceof Fetch.Unreachable) {
                unreachable.add(each.getKey());
            }
        }
        try {
            cache.save(answers);
            return cache.find(unreachable);
        } catch (SQLException | RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "newest versions: the registry answers could not be stored or "
                    + "read ({0}); components whose registry was unreachable show no earlier answer", e.getMessage());
            return Map.of();
        }
    }

    private Map<String, Fetch> fetchAll(List<Wanted> wanted, Jobs.Progress progress, double from, double to) {
        Map<String, Fetch> results = new ConcurrentHashMap<>();
        if (wanted.isEmpty()) {
            return results;
        }
        Semaphore permits = new Semaphore(config.concurrency());
        AtomicInteger done = new AtomicInteger();
        // The first connection failure per registry, by ecosystem key: the rest of the scan does not ask it again.
        Map<String, String> down = new ConcurrentHashMap<>();
        // The client and its threads go with this scan: nothing outlives it to keep the plugin loaded.
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
             ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Wanted one : wanted) {
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
                        results.put(one.key(), fetchUnlessDown(http, one, down));
                    } finally {
                        permits.release();
                        int finished = done.incrementAndGet();
                        progress.update(from + (to - from) * finished / wanted.size(),
                                        "newest versions: " + finished + " of " + wanted.size() + " packages");
                    }
                });
            }
        }
        logFailures(wanted, results);
        return results;
    }

    private Fetch fetchUnlessDown(HttpClient http, Wanted one, Map<String, String> down) {
        String ecosystem = one.lookup().ecosystem().key();
        String failure = down.get(ecosystem);
        if (failure != null) {
            return new Fetch.Unreachable("not asked: " + one.lookup().registryUrl() + " could not be reached earlier "
                                                 + "in this scan (" + failure + ")", false);
        }
        Fetch fetch = fetch(http, one);
        if (fetch instanceof Fetch.Unreachable unreachable && unreachable.hostDown()) {
            down.putIfAbsent(ecosystem, unreachable.reason());
        }
        return fetch;
    }

    private Fetch fetch(HttpClient http, Wanted one) {
        RegistryLookup lookup = one.lookup();
        URI uri;
        try {
            uri = lookup.uri(one.name());
        } catch (IllegalArgumentException e) {
            return new Fetch.Unknown("'" + one.name() + "' cannot be asked for: " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(config.timeout()).GET()
                .header("User-Agent", "Vigil dependencies plugin").header("Accept", "application/json, */*").build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            return new Fetch.Unreachable("no connection to " + hostAndPort(uri) + " within "
                                                 + config.timeout().toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return new Fetch.Unreachable("no answer from " + lookup.registryUrl() + " within "
                                                 + config.timeout().toMillis() + " ms");
        } catch (ConnectException e) {
            return new Fetch.Unreachable(unresolved(e) ? "cannot resolve " + uri.getHost() + " (DNS)"
                                                 : "cannot connect to " + hostAndPort(uri));
        } catch (IOException e) {
            return new Fetch.Unreachable("cannot read " + uri + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetch.Unreachable("interrupted", false);
        }
        int status = response.statusCode();
        if (status == 404 || status == 410) {
            return new Fetch.Unknown("not found in " + lookup.registryUrl());
        }
        if (status >= 500 || status == 429) {
            return new Fetch.Unreachable("HTTP " + status + " from " + uri, false);
        }
        if (status != 200) {
            return new Fetch.Unknown("HTTP " + status + " from " + uri);
        }
        try {
            return new Fetch.Answered(lookup.read(response.body()));
        } catch (IOException | RuntimeException e) {
            return new Fetch.Unknown("unreadable answer from " + uri + ": " + e.getMessage());
        }
    }

    /** The JDK says "ConnectException" with no message for both a refused connection and an unknown host. */
    private static boolean unresolved(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static String hostAndPort(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    private void logFailures(List<Wanted> wanted, Map<String, Fetch> results) {
        Map<String, List<String>> byRegistry = new LinkedHashMap<>();
        Map<String, Integer> asked = new LinkedHashMap<>();
        for (Wanted one : wanted) {
            asked.merge(one.lookup().registryUrl(), 1, Integer::sum);
            Fetch fetch = results.get(one.key());
            if (fetch instanceof Fetch.Unreachable unreachable) {
                byRegistry.computeIfAbsent(one.lookup().registryUrl(), k -> new ArrayList<>()).add(unreachable.reason());
            } else if (fetch instanceof Fetch.Unknown unknown) {
                byRegistry.computeIfAbsent(one.lookup().registryUrl(), k -> new ArrayList<>()).add(unknown.reason());
            }
        }
        byRegistry.forEach((registry, reasons) -> log.log(
                System.Logger.Level.INFO, "newest versions: {0} of {1} packages could not be looked up in {2} "
                        + "(first reason: {3})", reasons.size(), asked.get(registry), registry, reasons.getFirst()));
    }
}
