package dev.vigil.kernel;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.vigil.api.ServerInfo;

/** Facts about this server; the port is known once the listener is bound (port 0 picks a free one). */
final class ServerInfoImpl implements ServerInfo {

    private final String version;
    private final Path dataDir;
    private final Path pluginsDir;
    private final Path configDir;
    private final Path home;
    private final Optional<URI> publicUrl;
    private volatile int port;

    ServerInfoImpl(String version, Path home, Path dataDir, Path pluginsDir, Path configDir, int configuredPort,
                   Optional<URI> publicUrl) {
        this.version = version;
        this.home = home;
        this.dataDir = dataDir;
        this.pluginsDir = pluginsDir;
        this.configDir = configDir;
        this.port = configuredPort;
        this.publicUrl = publicUrl;
    }

    void listening(int boundPort) {
        this.port = boundPort;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public URI baseUri() {
        if (port == 0) {
            throw new IllegalStateException("the server is not listening yet");
        }
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public Optional<URI> publicUrl() {
        return publicUrl;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Path pluginsDir() {
        return pluginsDir;
    }

    @Override
    public Path configDir() {
        return configDir;
    }

    @Override
    public Optional<Path> libDir() {
        Path lib = home.resolve("lib");
        return Files.isDirectory(lib) ? Optional.of(lib) : Optional.empty();
    }
}
