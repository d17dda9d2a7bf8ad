package dev.vigil.plugins.queries;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.storage.Storage;

/**
 * Deletes what is older than its retention: per-request statements, slow statements, minute aggregates, analysed
 * requests, endpoints and fingerprints not seen since, and findings not seen since. Big tables are deleted in
 * chunks, each its own transaction, so the write queue is never held up for long.
 */
final class Retention {

    private static final int CHUNK = 10_000;

    private final Storage storage;
    private final LiveConfig<QueriesConfig> config;
    private final Clock clock;
    private final System.Logger log;

    Retention(Storage storage, LiveConfig<QueriesConfig> config, Clock clock, System.Logger log) {
        this.storage = storage;
        this.config = config;
        this.clock = clock;
        this.log = log;
    }

    /** Runs once; answers how many rows went per table. */
    Map<String, Long> run() throws SQLException {
        QueriesConfig settings = config.get();
        long now = clock.millis();
        long statements = now - settings.statementRetention().toMillis();
        long slow = now - settings.slowRetention().toMillis();
        long aggregates = now - settings.aggregateRetention().toMillis();
        long findings = now - settings.findingRetention().toMillis();
        Map<String, Long> deleted = new LinkedHashMap<>();
        deleted.put("queries_statements", inChunks("queries_statements", "ts", statements));
        deleted.put("queries_slow", inChunks("queries_slow", "ts", slow));
        deleted.put("queries_fingerprint_minutes", once("DELETE FROM queries_fingerprint_minutes WHERE minute < ?",
                                                        aggregates));
        deleted.put("queries_service_minutes", once("DELETE FROM queries_service_minutes WHERE minute < ?",
                                                    aggregates));
        deleted.put("queries_requests", once("DELETE FROM queries_requests WHERE last_seen < ?", aggregates));
        deleted.put("queries_fingerprint_endpoints",
                    once("DELETE FROM queries_fingerprint_endpoints WHERE last_seen < ?", aggregates));
        deleted.put("queries_fingerprints", once("DELETE FROM queries_fingerprints WHERE last_seen < ?", aggregates));
        deleted.put("queries_findings", once("DELETE FROM queries_findings WHERE last_seen < ?", findings));
        long total = deleted.values().stream().mapToLong(Long::longValue).sum();
        if (total > 0) {
            log.log(System.Logger.Level.INFO, "retention deleted " + total + " rows: " + deleted);
        }
        return deleted;
    }

    private long inChunks(String table, String timeColumn, long before) throws SQLException {
        String sql = "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE " + timeColumn
                + " < ? LIMIT " + CHUNK + ")";
        long total = 0;
        while (true) {
            long deleted = once(sql, before);
            total += deleted;
            if (deleted < CHUNK) {
                return total;
            }
        }
    }

    private long once(String sql, long before) throws SQLException {
        return storage.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setLong(1, before);
                return (long) delete.executeUpdate();
            }
        });
    }
}
