package dev.vigil.plugins.optimizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import dev.vigil.api.storage.Storage;

import io.helidon.dbclient.DbRow;

/**
 * Trained models: one file per model under the plugin's data directory, and a row per training run in
 * optimizer_models with its version, training time, data range and metrics, so that a restart keeps them.
 */
final class ModelStore {

    /** One training run as stored. {@code details} is JSON: settings, metrics, importance, notes. */
    record ModelRow(long version, Instant trainedAt, long trainingMs, Instant dataFrom, Instant dataTo, long records,
                    long minuteRows, String source, String forestFile, long forestBytes, String anomalyFile,
                    Long anomalyBytes, String details) {
    }

    private static final String COLUMNS = "version, trained_at, training_ms, data_from, data_to, records, "
            + "minute_rows, source, forest_file, forest_bytes, anomaly_file, anomaly_bytes, details";

    private final Storage storage;
    private final Path directory;

    ModelStore(Storage storage, Path directory) {
        this.storage = storage;
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Records a run whose files are already written; answers its version. */
    long add(ModelRow row) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "INSERT INTO optimizer_models (trained_at, training_ms, data_from, data_to, records, minute_rows, "
                            + "source, forest_file, forest_bytes, anomaly_file, anomaly_bytes, details) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING version")) {
                statement.setLong(1, row.trainedAt().toEpochMilli());
                statement.setLong(2, row.trainingMs());
                statement.setLong(3, row.dataFrom().toEpochMilli());
                statement.setLong(4, row.dataTo().toEpochMilli());
                statement.setLong(5, row.records());
                statement.setLong(6, row.minuteRows());
                statement.setString(7, row.source());
                statement.setString(8, row.forestFile());
                statement.setLong(9, row.forestBytes());
                statement.setString(10, row.anomalyFile());
                if (row.anomalyBytes() == null) {
                    statement.setNull(11, Types.BIGINT);
                } else {
                    statement.setLong(11, row.anomalyBytes());
                }
                statement.setString(12, row.details());
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /** The newest runs first. */
    List<ModelRow> list(int limit) {
        try (Stream<DbRow> rows = storage.db().execute().query(
                "SELECT " + COLUMNS + " FROM optimizer_models ORDER BY version DESC LIMIT ?", limit)) {
            return rows.map(ModelStore::row).toList();
        }
    }

    /**
     * The newest run whose files this node has. With several nodes on one database, a run trained on another node
     * is listed but its files live there.
     */
    Optional<ModelRow> newestLoadable() {
        return list(50).stream().filter(row -> Files.isRegularFile(directory.resolve(row.forestFile()))
                && (row.anomalyFile() == null || Files.isRegularFile(directory.resolve(row.anomalyFile()))))
                .findFirst();
    }

    LoadedModels load(ModelRow row) throws IOException, ClassNotFoundException {
        Object[] forest = ModelFiles.read(directory.resolve(row.forestFile()));
        Object[] anomaly = row.anomalyFile() == null ? null : ModelFiles.read(directory.resolve(row.anomalyFile()));
        return LoadedModels.fromStored(row.version(), row.trainedAt(), forest, anomaly);
    }

    /** Keeps the newest {@code keep} runs (rows and files) and removes model files no row refers to. */
    void prune(int keep) throws SQLException, IOException {
        storage.inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "DELETE FROM optimizer_models WHERE version <= (SELECT version FROM optimizer_models "
                            + "ORDER BY version DESC LIMIT 1 OFFSET ?)")) {
                statement.setInt(1, keep);
                return statement.executeUpdate();
            }
        });
        Set<String> referenced = new HashSet<>();
        for (ModelRow row : list(Integer.MAX_VALUE)) {
            referenced.add(row.forestFile());
            if (row.anomalyFile() != null) {
                referenced.add(row.anomalyFile());
            }
        }
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".model") && !referenced.contains(name)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static ModelRow row(DbRow row) {
        Double anomalyBytes = Rows.number(row, "anomaly_bytes");
        return new ModelRow(Rows.longValue(row, "version"), Rows.instant(row, "trained_at"),
                            Rows.longValue(row, "training_ms"), Rows.instant(row, "data_from"),
                            Rows.instant(row, "data_to"), Rows.longValue(row, "records"),
                            Rows.longValue(row, "minute_rows"), Rows.string(row, "source"),
                            Rows.string(row, "forest_file"), Rows.longValue(row, "forest_bytes"),
                            Rows.string(row, "anomaly_file"),
                            anomalyBytes == null ? null : anomalyBytes.longValue(), Rows.string(row, "details"));
    }
}
