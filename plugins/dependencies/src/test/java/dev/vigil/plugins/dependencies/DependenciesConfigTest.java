package dev.vigil.plugins.dependencies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.vigil.kernel.config.ConfigException;
import dev.vigil.kernel.config.YamlBinder;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class DependenciesConfigTest {

    private final YamlBinder binder = new YamlBinder();

    @Test
    void theShippedFileHoldsTheDefaults() throws ConfigException {
        Path shipped = Path.of("../../config/plugins/dependencies.yaml");
        assertEquals(DependenciesConfig.DEFAULTS,
                     binder.bind(shipped, DependenciesConfig.class, DependenciesConfig.DEFAULTS));
    }

    @Test
    void readsSecretsButNeverShowsThem() throws ConfigException {
        DependenciesConfig config = bind("""
                auto-update: true
                nvd-api-key: 0123-secret-key
                database:
                  url: jdbc:postgresql://db:5432/odc?password=in-url-pw
                  user: odc
                  password: hunter2
                network-analyzers:
                  oss-index: true
                  oss-index-user: ops@example.com
                  oss-index-password: oss-token-42
                """);
        assertEquals("0123-secret-key", config.nvdApiKey());
        assertEquals("oss-token-42", config.networkAnalyzers().ossIndexPassword());
        assertEquals("hunter2", config.database().password());
        JsonNode shown = binder.toMaskedTree(config);
        for (String secret : List.of("0123-secret-key", "hunter2", "in-url-pw", "oss-token-42")) {
            assertFalse(shown.toString().contains(secret), shown.toString());
        }
        assertEquals("***", shown.get("nvd-api-key").asText());
        assertEquals("***", shown.at("/database/password").asText());
        assertEquals("jdbc:postgresql://db:5432/***", shown.at("/database/url").asText());
        assertEquals("odc", shown.at("/database/user").asText());
        assertEquals("***", shown.at("/network-analyzers/oss-index-password").asText());
        assertEquals("ops@example.com", shown.at("/network-analyzers/oss-index-user").asText());
        assertEquals("central dependency-check database jdbc:postgresql://db:5432/***",
                     VulnerabilityData.plan(config, Path.of("data")).source());
        assertEquals("cannot connect to jdbc:postgresql://db:5432/*** as odc/***, key ***", config.redact(
                "cannot connect to jdbc:postgresql://db:5432/odc?password=in-url-pw as odc/hunter2, key 0123-secret-key"));
        assertEquals("OSS Index refused ops@example.com:***", config.redact("OSS Index refused ops@example.com:oss-token-42"));
    }

    @Test
    void aRefusedDatabaseUrlIsNotRepeated() {
        ConfigException error = assertThrows(ConfigException.class,
                                             () -> bind("database:\n  url: postgresql://odc:pw-in-url@db/odc\n"));
        assertFalse(error.getMessage().contains("pw-in-url"), error.getMessage());
        ConfigException registry = assertThrows(ConfigException.class, () -> bind(
                "outdated:\n  registries:\n    npm: https://ci:tok3n@nexus.example/npm\n"));
        assertTrue(registry.getMessage().contains("outdated.registries.npm must not carry a user"),
                   registry.getMessage());
        assertFalse(registry.getMessage().contains("tok3n"), registry.getMessage());
    }

    @Test
    void refusesContradictionsNamingTheKeys() {
        assertMessage("auto-update: true\n", "nvd-api-key");
        assertMessage("data-directory: /srv/odc\ndatabase:\n  url: jdbc:postgresql://db/odc\n", "data-directory");
        assertMessage("database:\n  user: odc\n", "database.url");
        assertMessage("database:\n  url: postgresql://db/odc\n", "database.url");
        assertMessage("nvd-datafeed-url: https://mirror.example/nvd/\n", "nvd-datafeed-url");
        assertMessage("outdated:\n  repository-url: ftp://repo.example/\n", "outdated.repository-url");
        assertMessage("scan-interval: 10s\n", "scan-interval");
        assertMessage("engine-log-level: loud\n", "engine-log-level");
        assertMessage("paths: ['']\n", "paths[0]");
        assertMessage("network-analyzers:\n  node-audit-url: registry.local/audits\n", "network-analyzers.node-audit-url");
        assertMessage("network-analyzers:\n  oss-index-url: https://u:pw@oss.local\n", "network-analyzers.oss-index-url");
        assertMessage("network-analyzers:\n  oss-index-password: t0ken\n", "network-analyzers.oss-index-user");
        assertMessage("outdated:\n  registries:\n    pypi: file:///srv/pypi\n", "outdated.registries.pypi");
        assertMessage("outdated:\n  registries:\n    npm: registry.npmjs.org\n", "outdated.registries.npm");
        assertMessage("licenses:\n  deny: ['GPL-3.0-only', '']\n", "licenses.deny[1]");
    }

    @Test
    void normalisesTheRepositoryUrlAndAcceptsShortDurations() throws ConfigException {
        DependenciesConfig config = bind("outdated:\n  repository-url: http://127.0.0.1:8081/maven2\n  timeout: 2s\n"
                                                 + "scan-interval: 12h\n");
        assertEquals("http://127.0.0.1:8081/maven2/", config.outdated().repositoryUrl());
        assertEquals(Duration.ofSeconds(2), config.outdated().timeout());
        assertEquals(Duration.ofHours(12), config.scanInterval());
    }

    @Test
    void readsRegistryMirrorsAndTheDenyList() throws ConfigException {
        DependenciesConfig config = bind("outdated:\n  registries:\n    npm: http://127.0.0.1:4873/\n"
                                                 + "licenses:\n  deny: [GPL-3.0-only, AGPL-3.0-or-later]\n");
        assertEquals("http://127.0.0.1:4873", config.outdated().registries().npm());
        assertEquals("https://pypi.org/pypi", config.outdated().registries().pypi(), "the default stays");
        assertEquals(List.of("GPL-3.0-only", "AGPL-3.0-or-later"), config.licenses().deny());
    }

    private DependenciesConfig bind(String yaml) throws ConfigException {
        return binder.bindText("dependencies.yaml", yaml, DependenciesConfig.class, DependenciesConfig.DEFAULTS);
    }

    private void assertMessage(String yaml, String key) {
        ConfigException error = assertThrows(ConfigException.class, () -> bind(yaml));
        assertTrue(error.getMessage().contains(key), error.getMessage());
    }
}
