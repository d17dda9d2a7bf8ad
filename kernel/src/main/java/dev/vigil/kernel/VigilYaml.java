package dev.vigil.kernel;

import java.time.Duration;
import java.util.List;

import dev.vigil.api.Secret;
import dev.vigil.kernel.limits.LimitSettings;

/** The shape of {@code config/vigil.yaml}. Every key has a default; environment variables override some. */
record VigilYaml(Server server, Storage storage, Directories directories, Plugins plugins, Signals signals,
                 Security security, Logging logging, LimitSettings limits) {

    static VigilYaml defaults() {
        return new VigilYaml(new Server("0.0.0.0", 8080, ""), new Storage("", "", ""),
                             new Directories("data", "plugins"),
                             new Plugins(Duration.ofSeconds(60)), new Signals(2880, 20_000),
                             new Security(List.of()), new Logging("info", "text"), LimitSettings.DEFAULTS);
    }

    /**
     * @param publicUrl the address people open Vigil at, for links in notifications; empty: none. Checked by
     *                  {@link KernelSettings#load}, where {@code VIGIL_PUBLIC_URL} may replace it.
     */
    record Server(String host, int port, String publicUrl) {
        Server {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("server.port must be 0..65535, got " + port);
            }
        }
    }

    /**
     * An empty url means the embedded SQLite file {@code <data>/vigil.db}. A JDBC URL may carry credentials
     * ({@code ?password=}): it is shown as scheme and host only.
     */
    record Storage(@Secret(Secret.Reveal.URL_ORIGIN) String url, String user, @Secret String password) {
    }

    /** Relative paths resolve against the Vigil home directory. */
    record Directories(String data, String plugins) {
    }

    record Plugins(Duration startTimeout) {
    }

    record Signals(int historyPoints, int maxSeries) {
        Signals {
            if (historyPoints < 10 || maxSeries < 10) {
                throw new IllegalArgumentException("signals.history-points and signals.max-series must be >= 10");
            }
        }
    }

    record Security(List<TokenDigest> tokens) {
    }

    /** A token given by its SHA-256 digest: {@code echo -n "$TOKEN" | sha256sum}. */
    record TokenDigest(String name, String role, String sha256) {
        TokenDigest {
            if (name == null || role == null || sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("security.tokens entries need name, role (admin, viewer, ingest) "
                                                           + "and sha256 (64 hex digits)");
            }
        }
    }

    record Logging(String level, String format) {
    }
}
