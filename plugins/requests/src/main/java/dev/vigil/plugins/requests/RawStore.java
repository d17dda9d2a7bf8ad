package dev.vigil.plugins.requests;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.api.events.RequestEvent;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/** Reads the raw records: the slow list and samples for other plugins. */
final class RawStore {

    private static final String COLUMNS = "ts, service, method, endpoint, path, status, duration_ms, user_name, "
            + "request_id, trace_id, query_count, query_time_ms, bytes, client";

    /** What the slow list may be narrowed to; null fields do not filter. */
    record SlowFilter(long from, long to, double minMs, ServiceFilter services, String method, String endpoint) {
    }

    private final DbClient db;

    RawStore(DbClient db) {
        this.db = db;
    }

    /**
     * The slowest records of a window, slowest first. From {@link Schema#SLOW_INDEX_FLOOR_MS} up, the partial
     * duration index is walked from the top ({@code ts + 0} keeps the time index out of the plan, and the index's
     * predicate is repeated literally so that the planner may use it); below it, the window's records are read
     * through the time index and sorted, which costs in proportion to the traffic of the window.
     */
    List<RequestEvent> slowest(SlowFilter filter, int limit) {
        boolean indexed = filter.minMs() >= Schema.SLOW_INDEX_FLOOR_MS;
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ").append(Schema.RAW);
        if (indexed) {
            sql.append(" WHERE duration_ms >= ").append(Schema.SLOW_INDEX_FLOOR_MS)
                    .append(" AND duration_ms >= ? AND ts + 0 >= ? AND ts + 0 < ?");
        } else {
            sql.append(" WHERE duration_ms >= ? AND ts >= ? AND ts < ?");
        }
        List<Object> params = new ArrayList<>(List.of(filter.minMs(), filter.from(), filter.to()));
        filter.services().appendTo(sql, params);
        if (filter.method() != null) {
            sql.append(" AND method = ?");
            params.add(filter.method());
        }
        if (filter.endpoint() != null) {
            sql.append(" AND endpoint = ?");
            params.add(filter.endpoint());
        }
        sql.append(" ORDER BY duration_ms DESC LIMIT ?");
        params.add(limit);
        return db.execute().query(sql.toString(), params.toArray()).map(RawStore::toEvent).toList();
    }

    long count(long from, long to) {
        return db.execute().get("SELECT COUNT(*) AS n FROM " + Schema.RAW + " WHERE ts >= ? AND ts < ?", from, to)
                .map(row -> FigureStore.number(row, "n").longValue()).orElse(0L);
    }

    /**
     * Records of a window, oldest first; when there are more than {@code limit}, every k-th by insertion order
     * (a uniform sample without sorting the window at random).
     */
    List<RequestEvent> sample(long from, long to, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        long total = count(from, to);
        if (total <= limit) {
            return db.execute().query("SELECT " + COLUMNS + " FROM " + Schema.RAW
                                              + " WHERE ts >= ? AND ts < ? ORDER BY ts LIMIT ?", from, to, limit)
                    .map(RawStore::toEvent).toList();
        }
        long every = (total + limit - 1) / limit;
        return db.execute().query("SELECT " + COLUMNS + " FROM " + Schema.RAW
                                          + " WHERE ts >= ? AND ts < ? AND id % ? = 0 ORDER BY ts LIMIT ?",
                                  from, to, every, limit)
                .map(RawStore::toEvent).toList();
    }

    private static RequestEvent toEvent(DbRow row) {
        return new RequestEvent(Instant.ofEpochMilli(FigureStore.number(row, "ts").longValue()),
                                row.column("service").getString(), row.column("method").getString(),
                                row.column("endpoint").getString(), row.column("path").getString(),
                                FigureStore.number(row, "status").intValue(),
                                FigureStore.number(row, "duration_ms").doubleValue(),
                                row.column("user_name").getString(), row.column("request_id").getString(),
                                row.column("trace_id").getString(), integer(row, "query_count"),
                                decimal(row, "query_time_ms"), longValue(row, "bytes"),
                                row.column("client").getString());
    }

    private static Integer integer(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value == null ? null : ((Number) value).intValue();
    }

    private static Double decimal(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value == null ? null : ((Number) value).doubleValue();
    }

    private static Long longValue(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value == null ? null : ((Number) value).longValue();
    }
}
