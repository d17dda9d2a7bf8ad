package dev.vigil.plugins.dependencies;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.storage.Migration;
import dev.vigil.api.storage.Storage;

/**
 * The dependencies_registry_answers table: each registry's last answer per package (newest final release, its date,
 * the package's licences and those of the versions in use), so that a component whose registry cannot be reached still shows what it said last time, and how
 * long ago. One row per package, replaced by each new answer.
 */
final class RegistryCache {

    static final Migration TABLE = Migration.of(4, "last answer of each package registry",
            "CREATE TABLE dependencies_registry_answers (ecosystem TEXT NOT NULL, package TEXT NOT NULL, "
                    + "registry TEXT NOT NULL, latest_version TEXT, latest_released_at BIGINT, licenses TEXT, "
                    + "answered_at BIGINT NOT NULL, PRIMARY KEY (ecosystem, package))");

    /**
     * What a registry said last about one package. {@code key} is {@code <ecosystem>:<package>}.
     *
     * @param licenses        the package's licences (the newest release's)
     * @param versionLicenses the licences each version in use declared, where the registry says (npm)
     */
    record Entry(String key, String registry, String latestVersion, Instant latestReleasedAt, List<String> licenses,
                 Map<String, List<String>> versionLicenses, Instant answeredAt) {
        Entry {
            licenses = licenses == null ? List.of() : List.copyOf(licenses);
            versionLicenses = versionLicenses == null ? Map.of() : Map.copyOf(versionLicenses);
        }

        /** That version's licences, else the package's. */
        List<String> licensesOf(String version) {
            List<String> own = version == null ? null : versionLicenses.get(version);
            return own != null && !own.isEmpty() ? own : licenses;
        }
    }

    private final Storage storage;

    RegistryCache(Storage storage) {
        this.storage = storage;
    }

    static String key(Ecosystem ecosystem, String packageName) {
        return ecosystem.key() + ":" + packageName;
    }

    /** The stored answers among {@code keys}, by key; read in one transaction. */
    Map<String, Entry> find(Collection<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return Map.of();
        }
        return storage.inTransaction(connection -> {
            Map<String, Entry> found = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT registry, latest_version, latest_released_at, licenses, answered_at "
                            + "FROM dependencies_registry_answers WHERE ecosystem = ? AND package = ?")) {
                for (String key : keys) {
                    int colon = key.indexOf(':');
                    select.setString(1, key.substring(0, colon));
                    select.setString(2, key.substring(colon + 1));
                    try (ResultSet row = select.executeQuery()) {
                        if (row.next()) {
                            long released = row.getLong(3);
                            Instant releasedAt = row.wasNull() ? null : Instant.ofEpochMilli(released);
                            found.put(key, readLicenses(key, row.getString(1), row.getString(2), releasedAt,
                                                        row.getString(4), Instant.ofEpochMilli(row.getLong(5))));
                        }
                    }
                }
            }
            return found;
        });
    }

    /** Keeps these answers, replacing the previous answer for each package; one transaction. */
    void save(Collection<Entry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        storage.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM dependencies_registry_answers WHERE ecosystem = ? AND package = ?");
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO dependencies_registry_answers (ecosystem, package, registry, latest_version, "
                                 + "latest_released_at, licenses, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (Entry entry : entries) {
                    int colon = entry.key().indexOf(':');
                    String ecosystem = entry.key().substring(0, colon);
                    String name = entry.key().substring(colon + 1);
                    delete.setString(1, ecosystem);
                    delete.setString(2, name);
                    delete.addBatch();
                    insert.setString(1, ecosystem);
                    insert.setString(2, name);
                    insert.setString(3, entry.registry());
                    setText(insert, 4, entry.latestVersion());
                    if (entry.latestReleasedAt() == null) {
                        insert.setNull(5, Types.BIGINT);
                    } else {
                        insert.setLong(5, entry.latestReleasedAt().toEpochMilli());
                    }
                    setText(insert, 6, writeLicenses(entry));
                    insert.setLong(7, entry.answeredAt().toEpochMilli());
                    insert.addBatch();
                }
                delete.executeBatch();
                insert.executeBatch();
            }
            return null;
        });
    }

    /** One licence a line: the package's alone, a version's as {@code <version>\t<licence>}. */
    private static String writeLicenses(Entry entry) {
        List<String> lines = new ArrayList<>(entry.licenses());
        entry.versionLicenses().forEach((version, licenses) -> licenses.forEach(l -> lines.add(version + "\t" + l)));
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static Entry readLicenses(String key, String registry, String latest, Instant releasedAt, String text,
                                      Instant answeredAt) {
        List<String> licenses = new ArrayList<>();
        Map<String, List<String>> versions = new HashMap<>();
        for (String line : text == null ? new String[0] : text.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                licenses.add(line);
            } else {
                versions.computeIfAbsent(line.substring(0, tab), v -> new ArrayList<>()).add(line.substring(tab + 1));
            }
        }
        return new Entry(key, registry, latest, releasedAt, licenses, versions, answeredAt);
    }

    private static void setText(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
