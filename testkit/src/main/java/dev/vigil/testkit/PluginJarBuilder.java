package dev.vigil.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds a plugin jar during a test, from Java source, the way a plugin author's build would: compiled against
 * the test class path with PF4J's annotation processor, only the plugin's own classes in the jar, and the
 * descriptor in the MANIFEST.
 */
public final class PluginJarBuilder {

    private final String pluginId;
    private final String version;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> manifestEntries = new LinkedHashMap<>();

    private PluginJarBuilder(String pluginId, String version) {
        this.pluginId = pluginId;
        this.version = version;
    }

    public static PluginJarBuilder plugin(String pluginId, String version) {
        return new PluginJarBuilder(pluginId, version);
    }

    /** A compilation unit by its fully qualified class name. */
    public PluginJarBuilder source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /**
     * A further descriptor entry in the MANIFEST, e.g. {@code Plugin-Requires: ^0.1.0} (the plugin API versions the
     * plugin runs on; without it, as here by default, the plugin runs on any).
     */
    public PluginJarBuilder manifest(String name, String value) {
        manifestEntries.put(name, value);
        return this;
    }

    /** Compiles and writes the jar to {@code jar}. */
    public Path build(Path jar) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler: run tests on a JDK, not a JRE");
        }
        Path classes = Files.createTempDirectory("vigil-plugin-classes-");
        try {
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((name, code) -> units.add(new Source(name, code)));
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null,
                                                                                 StandardCharsets.UTF_8)) {
                List<String> options = List.of("--release", "21", "-proc:full", "-d", classes.toString(),
                                               "-classpath", testClassPath());
                boolean compiled = compiler.getTask(null, files, diagnostics, options, null, units).call();
                if (!compiled) {
                    throw new IllegalStateException("test plugin " + pluginId + " does not compile: "
                                                            + diagnostics.getDiagnostics());
                }
            }
            writeJar(classes, jar);
            return jar;
        } finally {
            deleteTree(classes);
        }
    }

    /**
     * The test's class path. Surefire may start the JVM with a single manifest-only jar whose Class-Path
     * attribute holds the real entries: those are expanded, since javac does not follow them from a string.
     */
    public static String testClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entry)) {
                    Manifest manifest = jar.getManifest();
                    String classPath = manifest == null ? null
                            : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                    if (classPath != null) {
                        for (String url : classPath.trim().split("\\s+")) {
                            entries.add(Path.of(java.net.URI.create(url).isAbsolute() ? java.net.URI.create(url)
                                    : Path.of(entry).toAbsolutePath().getParent().toUri().resolve(url)).toString());
                        }
                    }
                }
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private void writeJar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.putValue("Plugin-Id", pluginId);
        attributes.putValue("Plugin-Version", version);
        attributes.putValue("Plugin-Provider", "tests");
        manifestEntries.forEach(attributes::putValue);
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        }
    }

    /** Source code held in memory. */
    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(java.net.URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension),
                  Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
