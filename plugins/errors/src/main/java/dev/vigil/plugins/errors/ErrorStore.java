package dev.vigil.plugins.errors;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.vigil.api.events.ErrorLevel;
import dev.vigil.api.services.ErrorHistory;
import dev.vigil.api.storage.Storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/**
 * Reads of the plugin's tables for the routes, status changes, and the retention sweep. Writes of occurrences are
 * the {@link GroupWriter}'s.
 */
final class ErrorStore {

    private static final long HOUR = 3_600_000;
    private static final long MINUTE = 60_000;
    private static final int HISTORY_SHOWN = 200;
    private static final int VALUES_SHOWN = 20;
    private static final String GROUP_COLUMNS = "g.id, g.service, g.fingerprint, g.grouped_by, g.exception_type, "
            + "g.message, g.culprit, g.status, g.regressed, g.level_rank, g.first_seen, g.last_seen, g.event_count, "
            + "g.status_changed_at, g.status_changed_by, (SELECT COUNT(*) FROM errors_group_values v "
            + "WHERE v.group_id = g.id AND v.kind = 'user') AS users_affected";

    private final Storage storage;
    private final DbClient db;
    private final ObjectMapper mapper;
    private final Clock clock;

    ErrorStore(Storage storage, ObjectMapper mapper, Clock clock) {
        this.storage = storage;
        this.db = storage.db();
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Which groups to list, and how. Null fields do not filter. */
    record GroupFilter(GroupStatus status, ErrorLevel minLevel, String service, Instant since, boolean byCount,
                       int limit, int offset) {
    }

    Views.GroupPage groups(GroupFilter filter) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (filter.status() != null) {
            where.append(" AND g.status = ?");
            parameters.add(filter.status().label());
        }
        if (filter.service() != null) {
            where.append(" AND g.service = ?");
            parameters.add(filter.service());
        }
        if (filter.minLevel() != null) {
            where.append(" AND g.level_rank >= ?");
            parameters.add(filter.minLevel().ordinal());
        }
        if (filter.since() != null) {
            where.append(" AND g.last_seen >= ?");
            parameters.add(filter.since().toEpochMilli());
        }
        long total = db.execute().get("SELECT COUNT(*) AS n FROM errors_groups g" + where, parameters.toArray())
                .map(row -> number(row, "n")).orElse(0L);
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(filter.limit());
        paged.add(filter.offset());
        String order = filter.byCount() ? " ORDER BY g.event_count DESC, g.id DESC"
                : " ORDER BY g.last_seen DESC, g.id DESC";
        List<Views.GroupSummary> groups = db.execute()
                .query("SELECT " + GROUP_COLUMNS + " FROM errors_groups g" + where + order + " LIMIT ? OFFSET ?",
                       paged.toArray())
                .map(ErrorStore::summary).toList();
        return new Views.GroupPage(groups, total, filter.limit(), filter.offset());
    }

    /** A group with its values, timeline over the last {@code hours}, newest occurrences and history. */
    Optional<Views.GroupDetail> group(long id, int hours, int maxOccurrences) {
        Optional<DbRow> found = db.execute().get("SELECT " + GROUP_COLUMNS + " FROM errors_groups g WHERE g.id = ?",
                                                 id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DbRow row = found.get();
        Map<String, Long> levels = new LinkedHashMap<>();
        for (Views.ValueCount level : values(id, "level", ErrorLevel.values().length)) {
            levels.put(level.value(), level.count());
        }
        long now = clock.millis();
        long firstHour = Math.floorDiv(now, HOUR) * HOUR - (hours - 1) * HOUR;
        Map<Long, Long> byHour = new TreeMap<>();
        db.execute().query("SELECT hour, events FROM errors_group_hours WHERE group_id = ? AND hour >= ?", id, firstHour)
                .forEach(hour -> byHour.put(number(hour, "hour"), number(hour, "events")));
        List<Views.Occurrence> occurrences = db.execute()
                .query("SELECT * FROM errors_occurrences WHERE group_id = ? ORDER BY id DESC LIMIT ?", id,
                       maxOccurrences)
                .map(this::occurrence).toList();
        List<Views.HistoryEntry> history = db.execute()
                .query("SELECT changed_at, entry_type, actor, detail FROM errors_history WHERE group_id = ? "
                               + "ORDER BY id DESC LIMIT ?", id, HISTORY_SHOWN)
                .map(entry -> new Views.HistoryEntry(instant(entry, "changed_at"), text(entry, "entry_type"),
                                                     text(entry, "actor"), text(entry, "detail")))
                .toList();
        return Optional.of(new Views.GroupDetail(
                number(row, "id"), text(row, "service"), text(row, "fingerprint"), text(row, "grouped_by"),
                text(row, "exception_type"), text(row, "message"), text(row, "culprit"), text(row, "status"),
                number(row, "regressed") == 1, level(row), instant(row, "first_seen"), instant(row, "last_seen"),
                number(row, "event_count"), number(row, "users_affected"), instant(row, "status_changed_at"),
                text(row, "status_changed_by"), levels, values(id, "endpoint", VALUES_SHOWN),
                values(id, "release", VALUES_SHOWN), values(id, "environment", VALUES_SHOWN),
                buckets(byHour, firstHour, hours), occurrences, history));
    }

    private List<Views.ValueCount> values(long groupId, String kind, int limit) {
        return db.execute()
                .query("SELECT value, event_count, first_seen, last_seen FROM errors_group_values "
                               + "WHERE group_id = ? AND kind = ? ORDER BY event_count DESC, value LIMIT ?",
                       groupId, kind, limit)
                .map(row -> new Views.ValueCount(text(row, "value"), number(row, "event_count"),
                                                 instant(row, "first_seen"), instant(row, "last_seen")))
                .toList();
    }

    /** The outcome of a status change asked by {@code actor}: empty when the group does not exist. */
    Optional<Boolean> changeStatus(long id, GroupStatus target, String historyType, String actor, String note)
            throws SQLException {
        long now = clock.millis();
        return storage.inTransaction(connection -> {
            GroupStatus current;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT status FROM errors_groups WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    current = GroupStatus.of(row.getString(1));
                }
            }
            if (current == target) {
                return Optional.of(false);
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE errors_groups SET status = ?, regressed = 0, status_changed_at = ?, status_changed_by = ?, "
                            + "resolved_at = ? WHERE id = ?")) {
                update.setString(1, target.label());
                update.setLong(2, now);
                update.setString(3, actor);
                if (target == GroupStatus.RESOLVED) {
                    update.setLong(4, now);
                } else {
                    update.setNull(4, java.sql.Types.BIGINT);
                }
                update.setLong(5, id);
                update.executeUpdate();
            }
            GroupWriter.insertHistory(connection, id, now, historyType, actor, note);
            return Optional.of(true);
        });
    }

    Views.Summary summary(int hours, String service) {
        long now = clock.millis();
        long from = now - hours * HOUR;
        long fromMinute = Math.floorDiv(from, MINUTE) * MINUTE;
        String serviceFilter = service == null ? "" : " AND service = ?";
        Object[] minuteParameters = service == null ? new Object[] {fromMinute} : new Object[] {fromMinute, service};
        Object[] fromParameters = service == null ? new Object[] {from} : new Object[] {from, service};
        Map<String, Long> byLevel = new LinkedHashMap<>();
        Map<String, Long> byService = new TreeMap<>();
        long[] events = {0};
        db.execute().query("SELECT service, level, SUM(events) AS n FROM errors_minutes WHERE minute >= ?"
                                   + serviceFilter + " GROUP BY service, level", minuteParameters)
                .forEach(row -> {
                    long n = number(row, "n");
                    byLevel.merge(text(row, "level"), n, Long::sum);
                    byService.merge(text(row, "service"), n, Long::sum);
                    events[0] += n;
                });
        Map<String, Long> levels = new LinkedHashMap<>();
        for (ErrorLevel level : ErrorLevel.values()) {
            levels.put(level.name(), byLevel.getOrDefault(level.name(), 0L));
        }
        long newGroups = db.execute().get("SELECT COUNT(*) AS n FROM errors_groups WHERE first_seen >= ?"
                                                  + serviceFilter, fromParameters)
                .map(row -> number(row, "n")).orElse(0L);
        long regressions = db.execute().get(
                        "SELECT COUNT(*) AS n FROM errors_history h JOIN errors_groups g ON g.id = h.group_id "
                                + "WHERE h.entry_type = 'regressed' AND h.changed_at >= ?"
                                + (service == null ? "" : " AND g.service = ?"), fromParameters)
                .map(row -> number(row, "n")).orElse(0L);
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (GroupStatus status : GroupStatus.values()) {
            byStatus.put(status.label(), 0L);
        }
        db.execute().query("SELECT status, COUNT(*) AS n FROM errors_groups WHERE last_seen >= ?" + serviceFilter
                                   + " GROUP BY status", fromParameters)
                .forEach(row -> byStatus.put(text(row, "status"), number(row, "n")));
        long fromHour = Math.floorDiv(from, HOUR) * HOUR;
        Object[] hourParameters = service == null ? new Object[] {fromHour} : new Object[] {fromHour, service};
        List<Views.TopGroup> top = db.execute().query(
                        "SELECT g.id, g.service, g.exception_type, g.message, g.status, g.last_seen, SUM(h.events) AS n "
                                + "FROM errors_group_hours h JOIN errors_groups g ON g.id = h.group_id "
                                + "WHERE h.hour >= ?" + (service == null ? "" : " AND g.service = ?")
                                + " GROUP BY g.id, g.service, g.exception_type, g.message, g.status, g.last_seen "
                                + "ORDER BY n DESC, g.id LIMIT 10", hourParameters)
                .map(row -> new Views.TopGroup(number(row, "id"), text(row, "service"), text(row, "exception_type"),
                                               text(row, "message"), text(row, "status"), number(row, "n"),
                                               instant(row, "last_seen")))
                .toList();
        Map<Long, Long> byHour = new TreeMap<>();
        db.execute().query("SELECT (minute / 3600000) * 3600000 AS hour, SUM(events) AS n FROM errors_minutes "
                                   + "WHERE minute >= ?" + serviceFilter
                                   + " GROUP BY (minute / 3600000) * 3600000", hourParameters)
                .forEach(row -> byHour.put(number(row, "hour"), number(row, "n")));
        long lastHour = Math.floorDiv(now, HOUR) * HOUR;
        int buckets = (int) ((lastHour - fromHour) / HOUR) + 1;
        return new Views.Summary(Instant.ofEpochMilli(from), Instant.ofEpochMilli(now), hours, events[0], levels,
                                 byService, newGroups, regressions, byStatus, top, buckets(byHour, fromHour, buckets));
    }

    /**
     * The {@link ErrorHistory} window: events of the minutes overlapping {@code [from, to)} by level, and the groups
     * with the most events in the hours overlapping it.
     */
    ErrorHistory.ErrorWindow window(Instant from, Instant to, int limit) {
        long fromMinute = Math.floorDiv(from.toEpochMilli(), MINUTE) * MINUTE;
        long toMinute = Math.floorDiv(to.toEpochMilli() + MINUTE - 1, MINUTE) * MINUTE;
        Map<String, Long> byLevel = new LinkedHashMap<>();
        for (ErrorLevel level : ErrorLevel.values()) {
            byLevel.put(level.name(), 0L);
        }
        long[] events = {0};
        db.execute().query("SELECT level, SUM(events) AS n FROM errors_minutes WHERE minute >= ? AND minute < ? "
                                   + "GROUP BY level", fromMinute, toMinute)
                .forEach(row -> {
                    long n = number(row, "n");
                    byLevel.merge(text(row, "level"), n, Long::sum);
                    events[0] += n;
                });
        long fromHour = Math.floorDiv(fromMinute, HOUR) * HOUR;
        long toHour = Math.floorDiv(toMinute + HOUR - 1, HOUR) * HOUR;
        long groups = db.execute().get("SELECT COUNT(DISTINCT group_id) AS n FROM errors_group_hours "
                                               + "WHERE hour >= ? AND hour < ?", fromHour, toHour)
                .map(row -> number(row, "n")).orElse(0L);
        List<ErrorHistory.ErrorGroup> top = limit < 1 ? List.of() : db.execute().query(
                        "SELECT g.id, g.service, g.level_rank, g.status, g.exception_type, g.message, g.first_seen, "
                                + "g.last_seen, SUM(h.events) AS n FROM errors_group_hours h "
                                + "JOIN errors_groups g ON g.id = h.group_id WHERE h.hour >= ? AND h.hour < ? "
                                + "GROUP BY g.id, g.service, g.level_rank, g.status, g.exception_type, g.message, "
                                + "g.first_seen, g.last_seen ORDER BY n DESC, g.id LIMIT ?", fromHour, toHour, limit)
                .map(row -> new ErrorHistory.ErrorGroup(number(row, "id"), text(row, "service"), level(row),
                                                        text(row, "status"), text(row, "exception_type"),
                                                        text(row, "message"), number(row, "n"),
                                                        instant(row, "first_seen"), instant(row, "last_seen")))
                .toList();
        return new ErrorHistory.ErrorWindow(events[0], byLevel, groups, top);
    }

    /** Services that had errors in the last day: their per-minute signals go on, zeros included. */
    List<String> recentServices() {
        long since = clock.millis() - Duration.ofDays(1).toMillis();
        return db.execute().query("SELECT DISTINCT service FROM errors_minutes WHERE minute >= ?", since)
                .map(row -> text(row, "service")).toList();
    }

    /** What one retention run deleted. */
    record Swept(long groups, long occurrences, long values, long counts) {
    }

    /** Deletes groups not seen within {@code retention}, with everything of theirs, and older occurrences and counts. */
    Swept sweep(Duration retention) throws SQLException {
        long cutoff = clock.millis() - retention.toMillis();
        long cutoffHour = Math.floorDiv(cutoff, HOUR) * HOUR;
        return storage.inTransaction(connection -> {
            long groups = delete(connection, "DELETE FROM errors_groups WHERE last_seen < ?", cutoff);
            String orphan = " WHERE NOT EXISTS (SELECT 1 FROM errors_groups g WHERE g.id = %s.group_id)";
            long occurrences = delete(connection, "DELETE FROM errors_occurrences" + orphan.formatted("errors_occurrences"))
                    + delete(connection, "DELETE FROM errors_occurrences WHERE occurred_at < ?", cutoff);
            delete(connection, "DELETE FROM errors_history" + orphan.formatted("errors_history"));
            long values = delete(connection, "DELETE FROM errors_group_values" + orphan.formatted("errors_group_values"))
                    + delete(connection, "DELETE FROM errors_group_values WHERE last_seen < ?", cutoff);
            long counts = delete(connection, "DELETE FROM errors_group_hours" + orphan.formatted("errors_group_hours"))
                    + delete(connection, "DELETE FROM errors_group_hours WHERE hour < ?", cutoffHour)
                    + delete(connection, "DELETE FROM errors_minutes WHERE minute < ?", cutoff);
            return new Swept(groups, occurrences, values, counts);
        });
    }

    private static long delete(java.sql.Connection connection, String sql, long... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setLong(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private Views.Occurrence occurrence(DbRow row) {
        return new Views.Occurrence(number(row, "id"), instant(row, "occurred_at"), instant(row, "received_at"),
                                    text(row, "level"), text(row, "exception_type"), text(row, "message"),
                                    json(text(row, "exceptions")), text(row, "raw_stack"), text(row, "endpoint"),
                                    text(row, "request_id"), text(row, "trace_id"), null, text(row, "user_id"),
                                    text(row, "user_agent"),
                                    text(row, "client_ip"), text(row, "release_name"), text(row, "environment"),
                                    json(text(row, "context")));
    }

    private static Views.GroupSummary summary(DbRow row) {
        return new Views.GroupSummary(number(row, "id"), text(row, "service"), text(row, "exception_type"),
                                      text(row, "message"), text(row, "culprit"), text(row, "status"),
                                      number(row, "regressed") == 1, level(row), instant(row, "first_seen"),
                                      instant(row, "last_seen"), number(row, "event_count"),
                                      number(row, "users_affected"), text(row, "grouped_by"));
    }

    private static List<Views.Bucket> buckets(Map<Long, Long> byHour, long firstHour, int hours) {
        List<Views.Bucket> buckets = new ArrayList<>(hours);
        for (int i = 0; i < hours; i++) {
            long hour = firstHour + i * HOUR;
            buckets.add(new Views.Bucket(Instant.ofEpochMilli(hour), byHour.getOrDefault(hour, 0L)));
        }
        return buckets;
    }

    private JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return mapper.getNodeFactory().textNode(text);
        }
    }

    private static String level(DbRow row) {
        int rank = (int) number(row, "level_rank");
        return ErrorLevel.values()[Math.max(0, Math.min(rank, ErrorLevel.values().length - 1))].name();
    }

    /** SQLite answers Integer or Long, PostgreSQL Long or BigDecimal (for SUM): read every number through Number. */
    static long number(DbRow row, String column) {
        Number value = row.column(column).get(Number.class);
        return value == null ? 0 : value.longValue();
    }

    private static String text(DbRow row, String column) {
        return row.column(column).get(String.class);
    }

    private static Instant instant(DbRow row, String column) {
        Number value = row.column(column).get(Number.class);
        return value == null ? null : Instant.ofEpochMilli(value.longValue());
    }
}
