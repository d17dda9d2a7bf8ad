package dev.vigil.plugins.dependencies;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A small dependency-check database built the way dependency-check builds its own: the engine's
 * {@code initialize.sql} (from the dependency-check jar on the test class path; its H2 aliases need that jar), then
 * real NVD records for two Apache Commons Collections deserialization CVEs and the CPE entries they match.
 *
 * <ul>
 * <li>CVE-2015-7501: CVSS v3.1 9.8 CRITICAL (AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H), v2 10.0 HIGH; matched as a version
 * range, commons_collections 3.0 up to (excluding) 3.2.2, and 4.0 up to 4.1.</li>
 * <li>CVE-2015-6420: CVSS v2 7.5 HIGH (AV:N/AC:L/Au:N/C:P/I:P/A:P), no v3 score; matched by exact versions 3.2.1 and
 * 4.0.</li>
 * </ul>
 * So commons-collections 3.2.1 has both; the fixed 3.2.2 has neither. And one CVE each for a PyPI and an npm package,
 * as the NVD lists them:
 * <ul>
 * <li>CVE-2022-28346, Django (SQL injection in QuerySet.annotate()): CVSS v3.1 9.8 CRITICAL; djangoproject:django
 * 3.2 up to (excluding) 3.2.13. Django 3.2.12 has it, 3.2.13 not.</li>
 * <li>CVE-2020-8203, lodash (prototype pollution in zipObjectDeep): CVSS v3.1 7.4 HIGH
 * (AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H); lodash:lodash for node.js up to (excluding) 4.17.20.</li>
 * </ul>
 */
final class FixtureDatabase {

    static final String USER = "dcuser";
    static final String PASSWORD = "DC-Pass1337!";

    private static Path shared;

    private FixtureDatabase() {
    }

    /** One database per test JVM (building is quick; scanning with it is what takes time). */
    static synchronized Path shared() throws IOException, SQLException {
        if (shared == null) {
            Path directory = Path.of("target", "fixture-db").toAbsolutePath();
            Files.createDirectories(directory);
            Files.deleteIfExists(directory.resolve(VulnerabilityData.DATABASE_FILE));
            build(directory);
            shared = directory;
        }
        return shared;
    }

    /** A copy in {@code directory}: dependency-check takes a lock file in its data directory. */
    static Path copyInto(Path directory) throws IOException, SQLException {
        Files.createDirectories(directory);
        Files.copy(shared().resolve(VulnerabilityData.DATABASE_FILE),
                   directory.resolve(VulnerabilityData.DATABASE_FILE));
        return directory;
    }

    /** Writes {@code odc.mv.db} into {@code directory}. */
    static void build(Path directory) throws IOException, SQLException {
        String url = "jdbc:h2:file:" + directory.resolve("odc") + ";AUTOCOMMIT=ON";
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(resource("data/initialize.sql"));
            }
            insertRecords(connection);
        }
    }

    /** The same records in a PostgreSQL schema, for dependency-check's central-database mode. */
    static void buildPostgres(String url) throws IOException, SQLException {
        String script = resource("data/initialize_postgres.sql")
                // a fresh test schema, not public, and no dcuser role to grant to
                .replace("public.", "")
                .replaceAll("(?s)GRANT [^;]*;", "");
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(script);
            }
            insertRecords(connection);
        }
    }

    /** An empty dependency-check schema: no CPE entries, which the engine refuses to scan with. */
    static void buildEmpty(Path directory) throws IOException, SQLException {
        String url = "jdbc:h2:file:" + directory.resolve("odc") + ";AUTOCOMMIT=ON";
        try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(resource("data/initialize.sql"));
        }
    }

    private static void insertRecords(Connection connection) throws SQLException {
        List<String> rows = List.of(
                "INSERT INTO vulnerability (id, cve, description, v2Severity, v2ExploitabilityScore, v2ImpactScore, "
                        + "v2AcInsufInfo, v2ObtainAllPrivilege, v2ObtainUserPrivilege, v2ObtainOtherPrivilege, "
                        + "v2UserInteractionRequired, v2Score, v2AccessVector, v2AccessComplexity, v2Authentication, "
                        + "v2ConfidentialityImpact, v2IntegrityImpact, v2AvailabilityImpact, v2Version, "
                        + "v3ExploitabilityScore, v3ImpactScore, v3AttackVector, v3AttackComplexity, "
                        + "v3PrivilegesRequired, v3UserInteraction, v3Scope, v3ConfidentialityImpact, "
                        + "v3IntegrityImpact, v3AvailabilityImpact, v3BaseScore, v3BaseSeverity, v3Version) VALUES "
                        + "(1, 'CVE-2015-7501', 'Red Hat JBoss A-MQ 6.x; BPM Suite (BPMS) 6.x; BRMS 6.x and 5.x; Data "
                        + "Grid (JDG) 6.x; Data Virtualization (JDV) 6.x and 5.x; Enterprise Application Platform "
                        + "6.x, 5.x, and 4.3.x; Fuse 6.x; Fuse Service Works (FSW) 6.x; Operations Network (JBoss ON) "
                        + "3.x; Portal 6.x; SOA Platform (SOA-P) 5.x; Web Server (JWS) 3.x; Red Hat OpenShift/xPAAS "
                        + "3.x; and Red Hat Subscription Asset Manager 1.3 allow remote attackers to execute arbitrary "
                        + "commands via a crafted serialized Java object, related to the Apache Commons Collections "
                        + "(ACC) library.', 'HIGH', 10.0, 10.0, false, false, false, false, false, 10.0, 'NETWORK', "
                        + "'LOW', 'NONE', 'COMPLETE', 'COMPLETE', 'COMPLETE', '2.0', 3.9, 5.9, 'NETWORK', 'LOW', "
                        + "'NONE', 'NONE', 'UNCHANGED', 'HIGH', 'HIGH', 'HIGH', 9.8, 'CRITICAL', '3.1')",
                "INSERT INTO vulnerability (id, cve, description, v2Severity, v2ExploitabilityScore, v2ImpactScore, "
                        + "v2AcInsufInfo, v2ObtainAllPrivilege, v2ObtainUserPrivilege, v2ObtainOtherPrivilege, "
                        + "v2UserInteractionRequired, v2Score, v2AccessVector, v2AccessComplexity, v2Authentication, "
                        + "v2ConfidentialityImpact, v2IntegrityImpact, v2AvailabilityImpact, v2Version) VALUES "
                        + "(2, 'CVE-2015-6420', 'Serialized-object interfaces in certain Cisco Collaboration and "
                        + "Social Media; Endpoint Clients and Client Software; Network Application, Service, and "
                        + "Acceleration; Network and Content Security Devices; Network Management and Provisioning; "
                        + "Routing and Switching - Enterprise and Service Provider; Unified Computing; Voice and "
                        + "Unified Communications Devices; Video, Streaming, TelePresence, and Transcoding Devices; "
                        + "Wireless; and Cisco Hosted Services products allow remote attackers to execute arbitrary "
                        + "commands via a crafted serialized Java object, related to the Apache Commons Collections "
                        + "(ACC) library.', 'HIGH', 10.0, 6.4, false, false, false, false, false, 7.5, 'NETWORK', "
                        + "'LOW', 'NONE', 'PARTIAL', 'PARTIAL', 'PARTIAL', '2.0')",
                "INSERT INTO cweEntry (cveid, cwe) VALUES (1, 'CWE-502')",
                "INSERT INTO cweEntry (cveid, cwe) VALUES (2, 'CWE-502')",
                "INSERT INTO reference (cveid, name, url, source) VALUES (1, 'RHSA-2015:2500', "
                        + "'https://access.redhat.com/security/cve/CVE-2015-7501', 'secalert@redhat.com')",
                cpe(1, "*"), cpe(2, "3.2.1"), cpe(3, "4.0"),
                "INSERT INTO vulnerability (id, cve, description, v3ExploitabilityScore, v3ImpactScore, "
                        + "v3AttackVector, v3AttackComplexity, v3PrivilegesRequired, v3UserInteraction, v3Scope, "
                        + "v3ConfidentialityImpact, v3IntegrityImpact, v3AvailabilityImpact, v3BaseScore, "
                        + "v3BaseSeverity, v3Version) VALUES (3, 'CVE-2022-28346', 'An issue was discovered in Django "
                        + "2.2 before 2.2.28, 3.2 before 3.2.13, and 4.0 before 4.0.4. QuerySet.annotate(), "
                        + "aggregate(), and extra() methods are subject to SQL injection in column aliases via a "
                        + "crafted dictionary (with dictionary expansion) as the passed **kwargs.', 3.9, 5.9, "
                        + "'NETWORK', 'LOW', 'NONE', 'NONE', 'UNCHANGED', 'HIGH', 'HIGH', 'HIGH', 9.8, 'CRITICAL', "
                        + "'3.1')",
                "INSERT INTO vulnerability (id, cve, description, v3ExploitabilityScore, v3ImpactScore, "
                        + "v3AttackVector, v3AttackComplexity, v3PrivilegesRequired, v3UserInteraction, v3Scope, "
                        + "v3ConfidentialityImpact, v3IntegrityImpact, v3AvailabilityImpact, v3BaseScore, "
                        + "v3BaseSeverity, v3Version) VALUES (4, 'CVE-2020-8203', 'Prototype pollution attack when "
                        + "using _.zipObjectDeep in lodash before 4.17.20.', 2.2, 5.2, 'NETWORK', 'HIGH', 'NONE', "
                        + "'NONE', 'UNCHANGED', 'NONE', 'HIGH', 'HIGH', 7.4, 'HIGH', '3.1')",
                "INSERT INTO cweEntry (cveid, cwe) VALUES (3, 'CWE-89')",
                "INSERT INTO cweEntry (cveid, cwe) VALUES (4, 'CWE-770')",
                cpe(4, "djangoproject", "django", "*", "*", null),
                cpe(5, "lodash", "lodash", "*", "node.js", "nodejs"),
                "INSERT INTO software (cveid, cpeEntryId, versionStartIncluding, versionEndExcluding, vulnerable) "
                        + "VALUES (3, 4, '3.2', '3.2.13', true)",
                "INSERT INTO software (cveid, cpeEntryId, versionEndExcluding, vulnerable) "
                        + "VALUES (4, 5, '4.17.20', true)",
                "INSERT INTO software (cveid, cpeEntryId, versionStartIncluding, versionEndExcluding, vulnerable) "
                        + "VALUES (1, 1, '3.0', '3.2.2', true)",
                "INSERT INTO software (cveid, cpeEntryId, versionStartIncluding, versionEndExcluding, vulnerable) "
                        + "VALUES (1, 1, '4.0', '4.1', true)",
                "INSERT INTO software (cveid, cpeEntryId, vulnerable) VALUES (2, 2, true)",
                "INSERT INTO software (cveid, cpeEntryId, vulnerable) VALUES (2, 3, true)");
        try (Statement statement = connection.createStatement()) {
            for (String row : rows) {
                statement.execute(row);
            }
        }
    }

    private static String cpe(int id, String version) {
        return cpe(id, "apache", "commons_collections", version, "*", null);
    }

    private static String cpe(int id, String vendor, String product, String version, String targetSoftware,
                              String ecosystem) {
        return "INSERT INTO cpeEntry (id, part, vendor, product, version, update_version, edition, lang, sw_edition, "
                + "target_sw, target_hw, other, ecosystem) VALUES (" + id + ", 'a', '" + vendor + "', '" + product
                + "', '" + version + "', '*', '*', '*', '*', '" + targetSoftware + "', '*', '*', "
                + (ecosystem == null ? "NULL" : "'" + ecosystem + "'") + ")";
    }

    static String resource(String name) throws IOException {
        try (InputStream in = FixtureDatabase.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the class path: is dependency-check-core a dependency?");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
