package dev.vigil.plugins.dependencies;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.vigil.api.Secret;

/**
 * {@code config/plugins/dependencies.yaml}. {@link #DEFAULTS} equal the shipped file (a unit test keeps them
 * equal). Secrets are declared {@link Secret}, so that the kernel never shows them: {@code nvd-api-key},
 * {@code database.password}, and {@code database.url}, which may carry credentials (shown as scheme and host).
 */
record DependenciesConfig(Duration scanInterval, Duration firstScanDelay, boolean scanServer, boolean scanPlugins,
                          List<String> paths, String dataDirectory, Database database, boolean autoUpdate,
                          @Secret String nvdApiKey, String nvdDatafeedUrl, NetworkAnalyzers networkAnalyzers,
                          Outdated outdated, Licenses licenses, int historySize, String engineLogLevel) {

    static final URI MAVEN_CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");
    static final String PYPI = "https://pypi.org/pypi";
    static final String NPM = "https://registry.npmjs.org";
    static final Set<String> LOG_LEVELS = Set.of("error", "warn", "info", "debug");

    static final DependenciesConfig DEFAULTS = new DependenciesConfig(
            Duration.ofDays(1), Duration.ofMinutes(1), true, true, List.of(), null,
            new Database(null, null, null, null, null), false, null, null,
            new NetworkAnalyzers(false, false, false, false, false, false, NetworkAnalyzers.OSS_INDEX,
                                 NetworkAnalyzers.NPM_AUDIT, null, null),
            new Outdated(true, MAVEN_CENTRAL.toString(), new Registries(PYPI, NPM), Duration.ofSeconds(10), 4),
            new Licenses(List.of()), 100, "warn");

    DependenciesConfig {
        requireBetween("scan-interval", scanInterval, Duration.ofMinutes(1), Duration.ofDays(365));
        requireBetween("first-scan-delay", firstScanDelay, Duration.ZERO, Duration.ofDays(365));
        paths = paths == null ? List.of() : List.copyOf(paths);
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i) == null || paths.get(i).isBlank()) {
                throw new IllegalArgumentException("paths[" + i + "]: is empty");
            }
        }
        dataDirectory = blankToNull(dataDirectory);
        database = database == null ? DEFAULTS.database() : database;
        nvdApiKey = blankToNull(nvdApiKey);
        nvdDatafeedUrl = blankToNull(nvdDatafeedUrl);
        networkAnalyzers = networkAnalyzers == null ? DEFAULTS.networkAnalyzers() : networkAnalyzers;
        outdated = outdated == null ? DEFAULTS.outdated() : outdated;
        licenses = licenses == null ? DEFAULTS.licenses() : licenses;
        if (dataDirectory != null && database.configured()) {
            throw new IllegalArgumentException("data-directory and database.url are both set: use one source of "
                                                       + "vulnerability data (a local data directory or a central "
                                                       + "database)");
        }
        if (autoUpdate && nvdApiKey == null && nvdDatafeedUrl == null) {
            throw new IllegalArgumentException("auto-update: true needs nvd-api-key (request one at "
                                                       + "https://nvd.nist.gov/developers/request-an-api-key) or "
                                                       + "nvd-datafeed-url (a mirror of the NVD data feed)");
        }
        if (!autoUpdate && nvdDatafeedUrl != null) {
            throw new IllegalArgumentException("nvd-datafeed-url is only read with auto-update: true");
        }
        if (nvdDatafeedUrl != null) {
            requireHttpUrl("nvd-datafeed-url", nvdDatafeedUrl);
        }
        if (historySize < 1 || historySize > 10_000) {
            throw new IllegalArgumentException("history-size must be between 1 and 10000, got " + historySize);
        }
        engineLogLevel = engineLogLevel == null ? "warn" : engineLogLevel.trim().toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(engineLogLevel)) {
            throw new IllegalArgumentException("engine-log-level must be one of error, warn, info, debug; got '"
                                                       + engineLogLevel + "'");
        }
    }

    /** {@code text} (dependency-check's reason for a failure) without the secrets it may quote. */
    String redact(String text) {
        String redacted = Secret.Reveal.NOTHING.redact(text, nvdApiKey);
        redacted = Secret.Reveal.NOTHING.redact(redacted, database.password());
        redacted = Secret.Reveal.NOTHING.redact(redacted, networkAnalyzers.ossIndexPassword());
        return Secret.Reveal.URL_ORIGIN.redact(redacted, database.url());
    }

    /** Whether any source of vulnerability data is configured. */
    boolean vulnerabilityDataConfigured() {
        return dataDirectory != null || database.configured() || autoUpdate;
    }

    /**
     * A central dependency-check database that an organisation keeps up to date (dependency-check's own
     * central-database mode). {@code driver-path} is only needed for drivers the server does not ship (it ships
     * PostgreSQL's).
     */
    record Database(@Secret(Secret.Reveal.URL_ORIGIN) String url, String driver, String driverPath, String user,
                    @Secret String password) {
        Database {
            url = blankToNull(url);
            driver = blankToNull(driver);
            driverPath = blankToNull(driverPath);
            user = blankToNull(user);
            password = blankToNull(password);
            if (url != null && !url.startsWith("jdbc:")) {
                throw new IllegalArgumentException("database.url must be a JDBC URL starting with 'jdbc:'");
            }
            if (url == null && (driver != null || driverPath != null || user != null || password != null)) {
                throw new IllegalArgumentException("database.url is required when database.driver, driver-path, "
                                                           + "user or password is set");
            }
        }

        boolean configured() {
            return url != null;
        }

        /** The URL as reports and logs may show it: credentials may be written into it. */
        String shownUrl() {
            return Secret.Reveal.URL_ORIGIN.mask(url);
        }
    }

    /**
     * Analyzers that reach the network; each is off unless turned on here. OSS Index and Node Audit are vulnerability
     * sources besides the NVD; their addresses can point at a mirror or a local server.
     *
     * @param nodeAudit    send each scanned {@code package-lock.json} to the npm audit API ({@code nodeAuditUrl})
     * @param ossIndexUrl  Sonatype OSS Index's base URL
     * @param nodeAuditUrl the npm audit API's URL (npm's bulk advisory endpoint)
     * @param ossIndexUser     the OSS Index account (its e-mail address): Sonatype answers only signed-in requests
     * @param ossIndexPassword that account's API token
     */
    record NetworkAnalyzers(boolean central, boolean ossIndex, boolean retireJs, boolean hostedSuppressions,
                            boolean knownExploited, boolean nodeAudit, String ossIndexUrl, String nodeAuditUrl,
                            String ossIndexUser, @Secret String ossIndexPassword) {

        static final String OSS_INDEX = "https://ossindex.sonatype.org";
        static final String NPM_AUDIT = "https://registry.npmjs.org/-/npm/v1/security/audits";

        NetworkAnalyzers {
            ossIndexUrl = blankToNull(ossIndexUrl) == null ? OSS_INDEX : ossIndexUrl.trim();
            nodeAuditUrl = blankToNull(nodeAuditUrl) == null ? NPM_AUDIT : nodeAuditUrl.trim();
            requireHttpUrl("network-analyzers.oss-index-url", ossIndexUrl);
            requireHttpUrl("network-analyzers.node-audit-url", nodeAuditUrl);
            // reports show these addresses; credentials in them would be shown too
            if (URI.create(ossIndexUrl).getUserInfo() != null || URI.create(nodeAuditUrl).getUserInfo() != null) {
                throw new IllegalArgumentException("network-analyzers.oss-index-url and node-audit-url must not "
                                                           + "carry credentials (user:password@)");
            }
            ossIndexUser = blankToNull(ossIndexUser);
            ossIndexPassword = blankToNull(ossIndexPassword);
            if ((ossIndexUser == null) != (ossIndexPassword == null)) {
                throw new IllegalArgumentException("network-analyzers.oss-index-user and oss-index-password go "
                                                           + "together (the account's e-mail address and API token)");
            }
        }
    }

    /**
     * Newer versions: of Maven components from a Maven repository's {@code maven-metadata.xml}
     * ({@code repository-url}), of Python and npm packages from the {@code registries}.
     */
    record Outdated(boolean enabled, String repositoryUrl, Registries registries, Duration timeout, int concurrency) {
        Outdated {
            registries = registries == null ? new Registries(null, null) : registries;
            repositoryUrl = blankToNull(repositoryUrl);
            if (repositoryUrl == null) {
                repositoryUrl = MAVEN_CENTRAL.toString();
            }
            requireHttpUrl("outdated.repository-url", repositoryUrl);
            if (!repositoryUrl.endsWith("/")) {
                repositoryUrl = repositoryUrl + "/";
            }
            requireBetween("outdated.timeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(5));
            if (concurrency < 1 || concurrency > 32) {
                throw new IllegalArgumentException("outdated.concurrency must be between 1 and 32, got "
                                                           + concurrency);
            }
        }

        URI repository() {
            return URI.create(repositoryUrl);
        }
    }

    /** The PyPI JSON API and the npm registry to ask (a mirror or proxy that answers the same way works too). */
    record Registries(String pypi, String npm) {
        Registries {
            pypi = registryUrl("outdated.registries.pypi", pypi, PYPI);
            npm = registryUrl("outdated.registries.npm", npm, NPM);
        }

        /** Without a trailing '/': package paths are appended to it. */
        private static String registryUrl(String key, String value, String fallback) {
            String url = blankToNull(value);
            if (url == null) {
                return fallback;
            }
            requireHttpUrl(key, url);
            // The lookups send no credentials, and the URL is shown in answers and logs: keep secrets out of it.
            if (URI.create(url).getUserInfo() != null) {
                throw new IllegalArgumentException(key + " must not carry a user or password (user:password@host): "
                                                           + "the lookups send no credentials");
            }
            while (url.endsWith("/")) {
                url = url.substring(0, url.length() - 1);
            }
            return url;
        }
    }

    /**
     * Licences a component may not have: SPDX ids (or the long names {@link LicenseNames} knows), compared without
     * case. A match is a licence finding.
     */
    record Licenses(List<String> deny) {
        Licenses {
            deny = deny == null ? List.of() : List.copyOf(deny);
            for (int i = 0; i < deny.size(); i++) {
                if (deny.get(i) == null || deny.get(i).isBlank()) {
                    throw new IllegalArgumentException("licenses.deny[" + i + "]: is empty");
                }
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static void requireBetween(String key, Duration value, Duration min, Duration max) {
        if (value == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(key + " must be between " + Durations.text(min) + " and "
                                                       + Durations.text(max) + ", got " + Durations.text(value));
        }
    }

    private static void requireHttpUrl(String key, String value) {
        try {
            URI uri = URI.create(value);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(key + " must be an http or https URL, got '" + value + "'");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(key)) {
                throw e;
            }
            throw new IllegalArgumentException(key + " is not a valid URL: '" + value + "'");
        }
    }
}
