package dev.vigil.kernel;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.vigil.api.Secret;
import dev.vigil.kernel.config.ConfigException;
import dev.vigil.kernel.config.YamlBinder;
import dev.vigil.kernel.limits.LimitSettings;

/**
 * The kernel's resolved settings: {@code config/vigil.yaml}, then environment variables over it
 * ({@code VIGIL_PORT}, {@code VIGIL_HOST}, {@code VIGIL_DATA_DIR}, {@code VIGIL_PLUGINS_DIR},
 * {@code VIGIL_STORAGE_URL}, {@code VIGIL_STORAGE_USER}, {@code VIGIL_STORAGE_PASSWORD}, {@code VIGIL_LOG_LEVEL},
 * {@code VIGIL_LOG_FORMAT}, {@code VIGIL_PUBLIC_URL}), then whatever a test or embedder sets on
 * {@link Vigil.Builder}.
 *
 * @param publicUrl where people open Vigil (e.g. behind a reverse proxy), without a trailing slash; empty when not
 *                  set. Links in notifications use it.
 */
public record KernelSettings(String host, int port, Path home, Path configDir, Path dataDir, Path pluginsDir,
                             String storageUrl, String storageUser, String storagePassword, Duration startTimeout,
                             int signalHistoryPoints, int signalMaxSeries, List<VigilYaml.TokenDigest> tokenDigests,
                             Map<String, String> plainTokens, String logLevel, String logFormat,
                             LimitSettings limits, Optional<URI> publicUrl) {

    /** Reads {@code <configDir>/vigil.yaml} and the environment. */
    public static KernelSettings load(Path home, Path configDir, Map<String, String> env) throws ConfigException {
        VigilYaml yaml = new YamlBinder().bind(configDir.resolve("vigil.yaml"), VigilYaml.class, VigilYaml.defaults());
        int port = yaml.server().port();
        Optional<String> envPort = value(env, "VIGIL_PORT");
        if (envPort.isPresent()) {
            try {
                port = Integer.parseInt(envPort.get().trim());
            } catch (NumberFormatException e) {
                throw new ConfigException("VIGIL_PORT must be a port number, got '" + envPort.get() + "'");
            }
        }
        Path dataDir = home.resolve(value(env, "VIGIL_DATA_DIR").orElse(yaml.directories().data())).normalize();
        Path pluginsDir = home.resolve(value(env, "VIGIL_PLUGINS_DIR").orElse(yaml.directories().plugins()))
                .normalize();
        Optional<String> envPublicUrl = value(env, "VIGIL_PUBLIC_URL");
        Optional<URI> publicUrl = parsePublicUrl(envPublicUrl.isPresent() ? "VIGIL_PUBLIC_URL" : "server.public-url",
                                  envPublicUrl.orElse(yaml.server().publicUrl()));
        Map<String, String> plainTokens = new java.util.LinkedHashMap<>();
        value(env, "VIGIL_ADMIN_TOKEN").ifPresent(t -> plainTokens.put("admin", t));
        value(env, "VIGIL_VIEWER_TOKEN").ifPresent(t -> plainTokens.put("viewer", t));
        value(env, "VIGIL_INGEST_TOKEN").ifPresent(t -> plainTokens.put("ingest", t));
        return new KernelSettings(value(env, "VIGIL_HOST").orElse(yaml.server().host()), port, home, configDir,
                                  dataDir, pluginsDir,
                                  value(env, "VIGIL_STORAGE_URL").orElse(yaml.storage().url()),
                                  value(env, "VIGIL_STORAGE_USER").orElse(yaml.storage().user()),
                                  value(env, "VIGIL_STORAGE_PASSWORD").orElse(yaml.storage().password()),
                                  yaml.plugins().startTimeout(), yaml.signals().historyPoints(),
                                  yaml.signals().maxSeries(), yaml.security().tokens(), plainTokens,
                                  value(env, "VIGIL_LOG_LEVEL").orElse(yaml.logging().level()),
                                  value(env, "VIGIL_LOG_FORMAT").orElse(yaml.logging().format()), yaml.limits(),
                                  publicUrl);
    }

    /** The public URL in the form links are made from; empty when {@code text} is blank. */
    static Optional<URI> parsePublicUrl(String setting, String text) throws ConfigException {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String problem = "must be the http:// or https:// address people open Vigil at, with a host and at most a "
                + "path (e.g. https://vigil.example.com)";
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new ConfigException(setting + " " + problem + ", got '" + text.strip() + "'");
        }
        if (uri.getRawUserInfo() != null) {
            // Mailed and posted to chat: a link must not carry credentials. The value is not shown, it holds them.
            throw new ConfigException(setting + " must not hold a user or password");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new ConfigException(setting + " " + problem + ", got '" + text.strip() + "'");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return Optional.of(URI.create(scheme + "://" + uri.getRawAuthority() + path));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    /** For logs and debuggers: the storage credentials and plain tokens masked, the way the admin API shows them. */
    @Override
    public String toString() {
        return "KernelSettings[host=" + host + ", port=" + port + ", home=" + home + ", configDir=" + configDir
                + ", dataDir=" + dataDir + ", pluginsDir=" + pluginsDir + ", storageUrl="
                + Secret.Reveal.URL_ORIGIN.mask(storageUrl) + ", storageUser=" + storageUser + ", storagePassword="
                + Secret.Reveal.NOTHING.mask(storagePassword) + ", startTimeout=" + startTimeout
                + ", signalHistoryPoints=" + signalHistoryPoints + ", signalMaxSeries=" + signalMaxSeries
                + ", tokenDigests=" + (tokenDigests == null ? 0 : tokenDigests.size()) + ", plainTokens="
                + (plainTokens == null ? "{}" : plainTokens.keySet()) + ", logLevel="
                + logLevel + ", logFormat=" + logFormat + ", limits=" + limits + ", publicUrl="
                + publicUrl.map(URI::toString).orElse("") + "]";
    }
}
