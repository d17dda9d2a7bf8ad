package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * How to ask one ecosystem's registry about a package and how to read and compare its versions. One small class per
 * ecosystem ({@link MavenLookup}, {@link PypiLookup}, {@link NpmLookup}); {@link OutdatedChecker} does the asking.
 */
sealed interface RegistryLookup permits MavenLookup, PypiLookup, NpmLookup {

    Ecosystem ecosystem();

    /** The registry's base URL, as configured: reasons and the API name it. */
    String registryUrl();

    /** The package as this registry names it, or null when the component does not say (no usable package URL). */
    String packageName(Component component);

    /** The component's version: its package URL's, else dependency-check's. */
    default String version(Component component) {
        String fromPurl = PackageUrls.version(component.purl());
        return fromPurl != null ? fromPurl : component.version();
    }

    URI uri(String packageName);

    /** The registry's answer read; an IOException when it is not what this registry answers. */
    PackageAnswer read(byte[] body) throws IOException;

    /** Whether {@code version} is a version this ecosystem can order. */
    boolean understands(String version);

    /**
     * The newest release a user of {@code current} would move to (pre-releases skipped unless the current is one);
     * {@code current} null means any user: final releases only (what the cache keeps).
     */
    Optional<String> newest(String current, PackageAnswer answer);

    /** How far {@code current} is behind {@code latest}; empty when it is not behind. */
    Optional<UpdateType> behind(String current, String latest);

    /** One lookup per ecosystem, with the configured registries. */
    static List<RegistryLookup> all(DependenciesConfig.Outdated config) {
        return List.of(new MavenLookup(config.repository()), new PypiLookup(config.registries().pypi()),
                       new NpmLookup(config.registries().npm()));
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
