package dev.vigil.plugins.requests;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/**
 * Reads the per-minute and per-hour endpoint figures, merging the rows of different writers.
 *
 * <p>Figure rows are read over a plain pooled JDBC connection ({@code DbClient.unwrap}) rather than through
 * DbClient statements: a 24-hour summary reads thousands of rows, and DbClient's per-row column metadata (which
 * sqlite-jdbc answers with regular expressions) made that several times slower. The cost is that the kernel does not
 * observe these reads for the query analysis. No transaction is opened: on SQLite that would take the write lock.
 */
final class FigureStore {

    private static final String COLUMNS = "period_start, service, method, endpoint, request_count, client_errors, "
            + "server_errors, sum_ms, min_ms, max_ms, histogram";

    /** The merged figures of one endpoint in one period. */
    record PeriodFigures(long start, EndpointKey key, RequestStats stats) {
    }

    /** One user's counters over a window. */
    record UserFigures(String user, long count, long clientErrors, long serverErrors, double totalTimeMs,
                       double maxMs) {
    }

    private final DbClient db;

    FigureStore(DbClient db) {
        this.db = db;
    }

    /** Figures per endpoint over a window, of the services the filter takes. */
    Map<EndpointKey, RequestStats> byEndpoint(TimeWindow window, ServiceFilter services) {
        return byEndpoint(window, services, null);
    }

    /** One endpoint's figures over a window (none when it had no requests). */
    Map<EndpointKey, RequestStats> byEndpoint(TimeWindow window, EndpointKey endpoint) {
        return byEndpoint(window, ServiceFilter.ALL, endpoint);
    }

    private Map<EndpointKey, RequestStats> byEndpoint(TimeWindow window, ServiceFilter services,
                                                      EndpointKey endpoint) {
        Map<EndpointKey, RequestStats> merged = new HashMap<>();
        Accumulators into = (start, key) -> merged.computeIfAbsent(key, k -> new RequestStats());
        read(Schema.HOURS, window.hourPart(), services, endpoint, into);
        read(Schema.MINUTES, window.leadingMinutes(), services, endpoint, into);
        return merged;
    }

    /**
     * Figures per endpoint, every service, over the minutes {@code [fromMinute, toMinute)} (minute boundaries):
     * the whole hours inside from hour rows, the minutes before and after them from minute rows.
     */
    Map<EndpointKey, RequestStats> byEndpoint(long fromMinute, long toMinute) {
        Map<EndpointKey, RequestStats> merged = new HashMap<>();
        Accumulators into = (start, key) -> merged.computeIfAbsent(key, k -> new RequestStats());
        long firstHour = Periods.ceil(fromMinute, Periods.HOUR);
        long endHour = Periods.floor(toMinute, Periods.HOUR);
        if (firstHour >= endHour) {
            read(Schema.MINUTES, new TimeWindow.Range(fromMinute, toMinute), ServiceFilter.ALL, null, into);
            return merged;
        }
        read(Schema.MINUTES, new TimeWindow.Range(fromMinute, firstHour), ServiceFilter.ALL, null, into);
        read(Schema.HOURS, new TimeWindow.Range(firstHour, endHour), ServiceFilter.ALL, null, into);
        read(Schema.MINUTES, new TimeWindow.Range(endHour, toMinute), ServiceFilter.ALL, null, into);
        return merged;
    }

    /** Minute (or hour) figures per period and endpoint, oldest first; {@code endpoint} filters when not null. */
    List<PeriodFigures> periods(String table, TimeWindow.Range range, EndpointKey endpoint) {
        Map<Long, Map<EndpointKey, RequestStats>> byStart = new TreeMap<>();
        read(table, range, ServiceFilter.ALL, endpoint, (start, key) -> byStart
                .computeIfAbsent(start, s -> new HashMap<>())
                .computeIfAbsent(key, k -> new RequestStats()));
        List<PeriodFigures> periods = new ArrayList<>();
        byStart.forEach((start, keys) -> keys.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(EndpointKey.ORDER))
                .forEach(e -> periods.add(new PeriodFigures(start, e.getKey(), e.getValue()))));
        return periods;
    }

    /** Per-user counters over hours starting in {@code [fromHour, to)}, sorted by {@code sort}, descending. */
    List<UserFigures> users(long fromHour, long to, ServiceFilter services, String sort, int limit) {
        // Aggregates spelled out: PostgreSQL takes output aliases in ORDER BY only on their own, not in expressions.
        String order = switch (sort) {
            case "total_time" -> "SUM(sum_ms)";
            case "errors" -> "SUM(server_errors)";
            case "avg" -> "SUM(sum_ms) / SUM(request_count)";
            case "max" -> "MAX(max_ms)";
            default -> "SUM(request_count)";
        };
        List<Object> params = new ArrayList<>(List.of(fromHour, to));
        StringBuilder filter = new StringBuilder();
        services.appendTo(filter, params);
        params.add(limit);
        String sql = "SELECT user_name, SUM(request_count) AS n, SUM(client_errors) AS client_errs, "
                + "SUM(server_errors) AS server_errs, SUM(sum_ms) AS total_ms, MAX(max_ms) AS max_ms FROM "
                + Schema.USERS + " WHERE period_start >= ? AND period_start < ?" + filter
                + " GROUP BY user_name ORDER BY " + order + " DESC, user_name LIMIT ?";
        return db.execute().query(sql, params.toArray())
                .map(row -> new UserFigures(row.column("user_name").getString(), number(row, "n").longValue(),
                                            number(row, "client_errs").longValue(),
                                            number(row, "server_errs").longValue(),
                                            number(row, "total_ms").doubleValue(), number(row, "max_ms").doubleValue()))
                .toList();
    }

    /** Where the rows of one period and endpoint are added. */
    @FunctionalInterface
    private interface Accumulators {
        RequestStats of(long start, EndpointKey key);
    }

    private void read(String table, TimeWindow.Range range, ServiceFilter services, EndpointKey endpoint,
                      Accumulators into) {
        if (range.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM ").append(table)
                .append(" WHERE period_start >= ? AND period_start < ?");
        if (endpoint != null) {
            sql.append(" AND service = ? AND method = ? AND endpoint = ?");
        } else if (services.only() != null) {
            sql.append(" AND service = ?");
        } else if (services.leftOut() != null) {
            sql.append(" AND service <> ?");
        }
        try (Connection connection = db.unwrap(Connection.class);
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            statement.setLong(1, range.from());
            statement.setLong(2, range.to());
            if (endpoint != null) {
                statement.setString(3, endpoint.service());
                statement.setString(4, endpoint.method());
                statement.setString(5, endpoint.endpoint());
            } else if (services.only() != null) {
                statement.setString(3, services.only());
            } else if (services.leftOut() != null) {
                statement.setString(3, services.leftOut());
            }
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    EndpointKey key = new EndpointKey(row.getString(2), row.getString(3), row.getString(4));
                    into.of(row.getLong(1), key).addStored(row.getLong(5), row.getLong(6), row.getLong(7),
                                                           row.getDouble(8), row.getDouble(9), row.getDouble(10),
                                                           row.getBytes(11));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading " + table + " failed: " + e.getMessage(), e);
        }
    }

    /** SQLite answers Integer for small values and Long for large ones; PostgreSQL may answer BigDecimal. */
    static Number number(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value == null ? 0 : (Number) value;
    }
}
