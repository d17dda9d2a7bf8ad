package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Maven components in a Maven repository: {@code <repository>/org/example/lib/maven-metadata.xml} lists the
 * versions (no dates, no licences); ordered as Maven does ({@link MavenVersion}).
 */
record MavenLookup(URI repository) implements RegistryLookup {

    /** The version a user of no particular version starts from: final, not date-stamped releases only. */
    private static final MavenVersion ANY = MavenVersion.parse("0");

    @Override
    public Ecosystem ecosystem() {
        return Ecosystem.MAVEN;
    }

    @Override
    public String registryUrl() {
        return repository.toString();
    }

    @Override
    public String packageName(Component component) {
        return component.isMaven() ? component.groupId() + ":" + component.artifactId() : null;
    }

    @Override
    public String version(Component component) {
        return component.version();
    }

    /** {@code <repository>/org/example/lib/maven-metadata.xml}; each path segment encoded. */
    @Override
    public URI uri(String packageName) {
        int colon = packageName.indexOf(':');
        StringBuilder path = new StringBuilder();
        for (String segment : packageName.substring(0, colon).split("\\.")) {
            path.append(RegistryLookup.encode(segment)).append('/');
        }
        path.append(RegistryLookup.encode(packageName.substring(colon + 1))).append("/maven-metadata.xml");
        return repository.resolve(path.toString());
    }

    @Override
    public PackageAnswer read(byte[] body) throws IOException {
        return new PackageAnswer(MavenMetadata.versions(body).stream()
                                         .map(v -> new PackageAnswer.Release(v, null, List.of())).toList(),
                                 null, List.of());
    }

    @Override
    public boolean understands(String version) {
        return version != null && !version.isBlank();
    }

    @Override
    public Optional<String> newest(String current, PackageAnswer answer) {
        return MavenVersion.newestRelease(current == null ? ANY : MavenVersion.parse(current), answer.versions())
                .map(MavenVersion::toString);
    }

    @Override
    public Optional<UpdateType> behind(String current, String latest) {
        return MavenVersion.updateType(MavenVersion.parse(current), MavenVersion.parse(latest));
    }
}
