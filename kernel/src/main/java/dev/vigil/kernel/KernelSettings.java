package dev.vigil.kernel;

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
 * {@code VIGIL_LOG_FORMAT}), then whatever a test or embedder sets on {@link Vigil.Builder}.
 */
public record KernelSettings(String host, int port, Path home, Path configDir, Path dataDir, Path pluginsDir,
                             String storageUrl, String storageUser, String storagePassword, Duration startTimeout,
                             int signalHistoryPoints, int signalMaxSeries, List<VigilYaml.TokenDigest> tokenDigests,
                             Map<String, String> plainTokens, String logLevel, String logFormat,
                             LimitSettings limits) {

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
                                  value(env, "VIGIL_LOG_FORMAT").orElse(yaml.logging().format()), yaml.limits());
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
                + logLevel + ", logFormat=" + logFormat + ", limits=" + limits + "]";
    }
}
