package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.owasp.dependencycheck.utils.Settings;

/**
 * dependency-check's settings for one scan. Everything that reaches the network is off unless the config turns it
 * on, and nothing is left behind that would keep the plugin loaded after it stops (no disk caches: their library
 * registers a JVM shutdown hook).
 */
final class EngineSettings {

    /**
     * Analyzers that call out to services or external programs (never wanted on a monitoring server), and the Python
     * and npm analyzers whose files {@link ProjectFiles} reads instead (two readers of one file would list its
     * packages twice): pip and Pipfile (dependency-check reads only a file named exactly requirements.txt, takes
     * comments and options for names, and reads only the develop section of Pipfile.lock), the Node package analyzer
     * (reads package-lock.json only with node_modules installed beside it, and merges same-named packages of different
     * projects), the NPM CPE analyzer (it only looks at an "npm" ecosystem that no analyzer sets; the CPE analyzer
     * matches npm packages itself) and the Python package analyzer (it takes every {@code __init__.py} for a package).
     */
    private static final String[] ALWAYS_OFF = {
        Settings.KEYS.UPDATE_VERSION_CHECK_ENABLED,
        Settings.KEYS.ANALYZER_YARN_AUDIT_ENABLED,
        Settings.KEYS.ANALYZER_PNPM_AUDIT_ENABLED,
        Settings.KEYS.ANALYZER_NEXUS_ENABLED,
        Settings.KEYS.ANALYZER_ARTIFACTORY_ENABLED,
        Settings.KEYS.ANALYZER_BUNDLE_AUDIT_ENABLED,
        Settings.KEYS.ANALYZER_MIX_AUDIT_ENABLED,
        Settings.KEYS.ANALYZER_ASSEMBLY_ENABLED,
        Settings.KEYS.ANALYZER_GOLANG_MOD_ENABLED,
        Settings.KEYS.ANALYZER_CENTRAL_USE_CACHE,
        Settings.KEYS.ANALYZER_NODE_AUDIT_USE_CACHE,
        Settings.KEYS.ANALYZER_OSSINDEX_USE_CACHE,
        Settings.KEYS.ANALYZER_PIP_ENABLED,
        Settings.KEYS.ANALYZER_PIPFILE_ENABLED,
        Settings.KEYS.ANALYZER_NODE_PACKAGE_ENABLED,
        Settings.KEYS.ANALYZER_NPM_CPE_ENABLED,
        Settings.KEYS.ANALYZER_PYTHON_PACKAGE_ENABLED,
    };

    /**
     * dependency-check marks these analyzers experimental: they run only with {@code analyzer.experimental.enabled},
     * which is turned on for them. Poetry reads {@code poetry.lock}; Python Distribution reads installed packages'
     * {@code *.dist-info/METADATA}, {@code PKG-INFO} and wheels. Every other experimental analyzer stays off.
     */
    private static final String[] EXPERIMENTAL_ON = {
        Settings.KEYS.ANALYZER_POETRY_ENABLED,
        Settings.KEYS.ANALYZER_PYTHON_DISTRIBUTION_ENABLED,
    };

    private static final String[] EXPERIMENTAL_OFF = {
        Settings.KEYS.ANALYZER_AUTOCONF_ENABLED,
        Settings.KEYS.ANALYZER_CMAKE_ENABLED,
        Settings.KEYS.ANALYZER_CARTHAGE_ENABLED,
        Settings.KEYS.ANALYZER_COCOAPODS_ENABLED,
        Settings.KEYS.ANALYZER_COMPOSER_LOCK_ENABLED,
        Settings.KEYS.ANALYZER_DART_ENABLED,
        Settings.KEYS.ANALYZER_GOLANG_DEP_ENABLED,
        Settings.KEYS.ANALYZER_PE_ENABLED,
        Settings.KEYS.ANALYZER_CPANFILE_ENABLED,
        Settings.KEYS.ANALYZER_MAVEN_INSTALL_ENABLED,
        Settings.KEYS.ANALYZER_RUBY_GEMSPEC_ENABLED,
        Settings.KEYS.ANALYZER_SWIFT_PACKAGE_MANAGER_ENABLED,
        Settings.KEYS.ANALYZER_SWIFT_PACKAGE_RESOLVED_ENABLED,
    };

    private EngineSettings() {
    }

    static Settings create(DependenciesConfig config, VulnerabilityData data, Path workDir) throws IOException {
        Settings settings = new Settings();
        Path temp = Files.createDirectories(workDir.resolve("tmp"));
        Files.createDirectories(data.dataDirectory());
        settings.setString(Settings.KEYS.TEMP_DIRECTORY, temp.toString());
        settings.setString(Settings.KEYS.DATA_DIRECTORY, data.dataDirectory().toString());
        for (String key : ALWAYS_OFF) {
            settings.setBoolean(key, false);
        }
        settings.setBoolean(Settings.KEYS.ANALYZER_EXPERIMENTAL_ENABLED, true);
        for (String key : EXPERIMENTAL_ON) {
            settings.setBoolean(key, true);
        }
        for (String key : EXPERIMENTAL_OFF) {
            settings.setBoolean(key, false);
        }
        boolean update = data.mode() == VulnerabilityData.Mode.AUTO_UPDATE;
        settings.setBoolean(Settings.KEYS.AUTO_UPDATE, update);
        settings.setBoolean(Settings.KEYS.UPDATE_NVDCVE_ENABLED, update);
        settings.setStringIfNotEmpty(Settings.KEYS.NVD_API_KEY, config.nvdApiKey());
        settings.setStringIfNotEmpty(Settings.KEYS.NVD_API_DATAFEED_URL, config.nvdDatafeedUrl());

        DependenciesConfig.NetworkAnalyzers network = config.networkAnalyzers();
        settings.setBoolean(Settings.KEYS.ANALYZER_CENTRAL_ENABLED, network.central());
        settings.setBoolean(Settings.KEYS.ANALYZER_OSSINDEX_ENABLED, network.ossIndex());
        settings.setString(Settings.KEYS.ANALYZER_OSSINDEX_URL, network.ossIndexUrl());
        settings.setStringIfNotEmpty(Settings.KEYS.ANALYZER_OSSINDEX_USER, network.ossIndexUser());
        settings.setStringIfNotEmpty(Settings.KEYS.ANALYZER_OSSINDEX_PASSWORD, network.ossIndexPassword());
        settings.setBoolean(Settings.KEYS.ANALYZER_NODE_AUDIT_ENABLED, network.nodeAudit());
        settings.setString(Settings.KEYS.ANALYZER_NODE_AUDIT_URL, network.nodeAuditUrl());
        settings.setBoolean(Settings.KEYS.ANALYZER_RETIREJS_ENABLED, network.retireJs());
        settings.setBoolean(Settings.KEYS.HOSTED_SUPPRESSIONS_ENABLED, network.hostedSuppressions());
        // The analyzer only reads the catalogue from the database; only an update downloads it (from cisa.gov).
        settings.setBoolean(Settings.KEYS.ANALYZER_KNOWN_EXPLOITED_ENABLED, !update || network.knownExploited());

        DependenciesConfig.Database database = config.database();
        if (database.configured()) {
            settings.setString(Settings.KEYS.DB_CONNECTION_STRING, database.url());
            settings.setString(Settings.KEYS.DB_DRIVER_NAME, driverName(database));
            settings.setStringIfNotEmpty(Settings.KEYS.DB_DRIVER_PATH, database.driverPath());
            settings.setStringIfNotEmpty(Settings.KEYS.DB_USER, database.user());
            settings.setStringIfNotEmpty(Settings.KEYS.DB_PASSWORD, database.password());
        }
        return settings;
    }

    /** The configured driver; PostgreSQL's is known (the server ships it), others must be named. */
    static String driverName(DependenciesConfig.Database database) {
        if (database.driver() != null) {
            return database.driver();
        }
        if (database.url().startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        if (database.url().startsWith("jdbc:h2:")) {
            return "org.h2.Driver";
        }
        return "";
    }
}
