package dev.vigil.plugins.dependencies;

import java.nio.file.Files;
import java.nio.file.Path;

/** Real jars from Maven Central, copied by the build (maven-dependency-plugin) for the tests to scan. */
final class FixtureJars {

    private FixtureJars() {
    }

    /** Apache Commons Collections 3.2.1: deserialization CVEs (CVE-2015-7501, CVE-2015-6420). */
    static Path vulnerable() {
        return jar("commons-collections-3.2.1.jar");
    }

    /** 3.2.2: the fixed release. */
    static Path fixed() {
        return jar("commons-collections-3.2.2.jar");
    }

    private static Path jar(String name) {
        String directory = System.getProperty("vigil.fixture.jars");
        if (directory == null) {
            throw new IllegalStateException("vigil.fixture.jars is not set: run the tests through Maven");
        }
        Path jar = Path.of(directory, name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the build copies it at process-test-resources");
        }
        return jar;
    }
}
