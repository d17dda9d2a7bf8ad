package dev.vigil.plugins.errors;

import java.util.List;
import java.util.Locale;

/**
 * Decides whether a frame is the application's own code, which is what grouping looks at: the same fault reached
 * through different library internals still groups together, and a library frame never splits a group.
 * Configured in-app prefixes win over everything; then configured and built-in library prefixes, then path markers
 * of package managers and runtimes; everything else is in-app.
 */
final class InAppRules {

    /** Java and JVM-language packages of runtimes and common frameworks. */
    static final List<String> BUILT_IN_LIBRARY_PREFIXES = List.of(
            "java.", "javax.", "jakarta.", "jdk.", "sun.", "com.sun.", "kotlin.", "kotlinx.", "scala.", "groovy.",
            "org.springframework.", "org.apache.", "org.hibernate.", "io.netty.", "io.helidon.", "com.fasterxml.",
            "org.eclipse.jetty.", "io.undertow.", "io.micronaut.", "io.quarkus.", "io.vertx.", "org.glassfish.",
            "org.junit.", "org.slf4j.", "ch.qos.logback.", "com.zaxxer.", "org.postgresql.", "org.sqlite.",
            "reactor.", "io.reactivex.", "okhttp3.", "net.bytebuddy.", "org.pf4j.");

    /** Substrings of file paths or modules that mark code installed by package managers or built into runtimes. */
    private static final List<String> LIBRARY_MARKERS = List.of(
            "node_modules/", "site-packages/", "dist-packages/", "/lib/python", "\\lib\\python", "[native code]",
            "<anonymous>", "node:", "internal/", "webpack/bootstrap", "chrome-extension://", "moz-extension://",
            "safari-extension://", "safari-web-extension://", "<frozen ");

    private final List<String> inAppPrefixes;
    private final List<String> libraryPrefixes;

    InAppRules(List<String> inAppPrefixes, List<String> libraryPrefixes) {
        this.inAppPrefixes = List.copyOf(inAppPrefixes);
        this.libraryPrefixes = List.copyOf(libraryPrefixes);
    }

    static InAppRules defaults() {
        return new InAppRules(List.of(), List.of());
    }

    boolean isInApp(String module, String file) {
        for (String prefix : inAppPrefixes) {
            if (startsWith(module, prefix) || startsWith(file, prefix)) {
                return true;
            }
        }
        for (String prefix : libraryPrefixes) {
            if (startsWith(module, prefix) || startsWith(file, prefix)) {
                return false;
            }
        }
        for (String prefix : BUILT_IN_LIBRARY_PREFIXES) {
            if (startsWith(module, prefix)) {
                return false;
            }
        }
        for (String marker : LIBRARY_MARKERS) {
            if (contains(module, marker) || contains(file, marker)) {
                return false;
            }
        }
        String where = file != null ? file : module;
        return where == null || !where.trim().toLowerCase(Locale.ROOT).equals("native");
    }

    private static boolean startsWith(String text, String prefix) {
        return text != null && text.startsWith(prefix);
    }

    private static boolean contains(String text, String marker) {
        return text != null && text.contains(marker);
    }
}
