package dev.vigil.plugins.errors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;

import dev.vigil.api.storage.Storage;

/**
 * Stores batches of prepared errors, one transaction per batch (the write queue's): finds or creates each
 * occurrence's group, updates its counts, re-opens a resolved group that recurs (a regression, with a history
 * entry), and keeps the group's distinct values, newest occurrences and hourly and per-minute counts. Groups and
 * values are touched in a sorted order so that two servers sharing PostgreSQL lock rows in the same order.
 */
final class GroupWriter implements Storage.BatchWriter<PreparedError> {

    static final String SYSTEM = "system";
    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    /** Group keys looked up per statement: two parameters each, well under every driver's limit. */
    private static final int LOOKUP_CHUNK = 250;

    private final Clock clock;
    private final IntSupplier occurrencesPerGroup;

    GroupWriter(Clock clock, IntSupplier occurrencesPerGroup) {
        this.clock = clock;
        this.occurrencesPerGroup = occurrencesPerGroup;
    }

    @Override
    public void write(Connection connection, List<PreparedError> batch) throws SQLException {
        Map<PreparedError.GroupKey, List<PreparedError>> byGroup = new TreeMap<>();
        for (PreparedError error : batch) {
            byGroup.computeIfAbsent(error.groupKey(), key -> new ArrayList<>()).add(error);
        }
        long now = clock.millis();
        Map<PreparedError.GroupKey, Existing> existing = findAll(connection, byGroup.keySet());
        List<Map.Entry<PreparedError.GroupKey, List<PreparedError>>> seen = new ArrayList<>();
        for (Map.Entry<PreparedError.GroupKey, List<PreparedError>> group : byGroup.entrySet()) {
            Existing found = existing.get(group.getKey());
            if (found == null && !createGroup(connection, group.getValue(), now)) {
                // Another server created it between our look and our insert.
                found = find(connection, group.getKey());
                existing.put(group.getKey(), found);
            }
            if (found != null) {
                seen.add(group);
            }
        }
        countInExistingGroups(connection, seen, existing);
        for (Map.Entry<PreparedError.GroupKey, List<PreparedError>> group : seen) {
            settleStatus(connection, existing.get(group.getKey()), group.getValue(), now);
        }
        storeValues(connection, batch);
        storeOccurrences(connection, byGroup);
        storeMinutes(connection, batch);
        storeHours(connection, batch);
    }

    /** Creates the group of {@code errors} (all of one key); false when another writer inserted it first. */
    private static boolean createGroup(Connection connection, List<PreparedError> errors, long now)
            throws SQLException {
        Span span = span(errors);
        Long created = insertGroup(connection, errors.getFirst(), span, now);
        if (created == null) {
            return false;
        }
        insertHistory(connection, created, now, "created", SYSTEM, null);
        for (PreparedError error : errors) {
            error.outcome().groupId = created;
        }
        errors.getFirst().outcome().newGroup = true;
        return true;
    }

    /** Adds the errors to their existing groups' counts, first and last seen, and highest level: one batch. */
    private static void countInExistingGroups(Connection connection,
                                              List<Map.Entry<PreparedError.GroupKey, List<PreparedError>>> groups,
                                              Map<PreparedError.GroupKey, Existing> existing) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE errors_groups SET event_count = event_count + ?, "
                        + "first_seen = CASE WHEN first_seen > ? THEN ? ELSE first_seen END, "
                        + "last_seen = CASE WHEN last_seen < ? THEN ? ELSE last_seen END, "
                        + "level_rank = CASE WHEN level_rank < ? THEN ? ELSE level_rank END WHERE id = ?")) {
            for (Map.Entry<PreparedError.GroupKey, List<PreparedError>> group : groups) {
                Span span = span(group.getValue());
                update.setLong(1, span.count);
                update.setLong(2, span.first);
                update.setLong(3, span.first);
                update.setLong(4, span.last);
                update.setLong(5, span.last);
                update.setInt(6, span.levelRank);
                update.setInt(7, span.levelRank);
                update.setLong(8, existing.get(group.getKey()).id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** Re-opens a resolved group that recurred (a regression); marks occurrences of ignored groups as quiet. */
    private static void settleStatus(Connection connection, Existing group, List<PreparedError> errors, long now)
            throws SQLException {
        GroupStatus status = group.status;
        if (status == GroupStatus.RESOLVED) {
            PreparedError recurrence = firstAtOrAfter(errors, group.resolvedAt);
            if (recurrence != null && reopen(connection, group.id, now)) {
                insertHistory(connection, group.id, now, "regressed", SYSTEM, regressionDetail(recurrence));
                recurrence.outcome().regressed = true;
                status = GroupStatus.UNRESOLVED;
            }
        }
        for (PreparedError error : errors) {
            error.outcome().groupId = group.id;
            error.outcome().quiet = status == GroupStatus.IGNORED;
        }
    }

    private static Span span(List<PreparedError> errors) {
        Span span = new Span();
        for (PreparedError error : errors) {
            span.add(error.occurredAt().toEpochMilli(), 1);
            span.levelRank = Math.max(span.levelRank, error.level().ordinal());
        }
        return span;
    }

    /** A group's id and status as the writer needs them. */
    private record Existing(long id, GroupStatus status, Long resolvedAt) {
    }

    /** The groups of these keys that exist, looked up a few hundred at a time (one round trip each). */
    private static Map<PreparedError.GroupKey, Existing> findAll(Connection connection,
                                                                 java.util.Collection<PreparedError.GroupKey> keys)
            throws SQLException {
        Map<PreparedError.GroupKey, Existing> found = new java.util.HashMap<>();
        List<PreparedError.GroupKey> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
            List<PreparedError.GroupKey> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
            StringBuilder sql = new StringBuilder("SELECT id, status, resolved_at, service, fingerprint "
                                                          + "FROM errors_groups WHERE (service, fingerprint) IN (");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
            }
            try (PreparedStatement select = connection.prepareStatement(sql.append(')').toString())) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(2 * i + 1, chunk.get(i).service());
                    select.setString(2 * i + 2, chunk.get(i).fingerprint());
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.put(new PreparedError.GroupKey(row.getString(4), row.getString(5)), existing(row));
                    }
                }
            }
        }
        return found;
    }

    private static Existing existing(ResultSet row) throws SQLException {
        long resolvedAt = row.getLong(3);
        return new Existing(row.getLong(1), GroupStatus.of(row.getString(2)), row.wasNull() ? null : resolvedAt);
    }

    private static Existing find(Connection connection, PreparedError.GroupKey key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, status, resolved_at FROM errors_groups WHERE service = ? AND fingerprint = ?")) {
            select.setString(1, key.service());
            select.setString(2, key.fingerprint());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? existing(row) : null;
            }
        }
    }

    /** The new group's id, or null when another writer inserted the same key first. */
    private static Long insertGroup(Connection connection, PreparedError error, Span span, long now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO errors_groups (service, fingerprint, grouped_by, exception_type, message, culprit, "
                        + "level_rank, status, regressed, first_seen, last_seen, event_count, status_changed_at, "
                        + "status_changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (service, fingerprint) DO NOTHING RETURNING id")) {
            insert.setString(1, error.service());
            insert.setString(2, error.fingerprint().hash());
            insert.setString(3, error.fingerprint().basis());
            insert.setString(4, error.exceptionType());
            setText(insert, 5, ErrorPreparer.cut(error.message(), 1000));
            setText(insert, 6, error.fingerprint().culprit());
            insert.setInt(7, span.levelRank);
            insert.setString(8, GroupStatus.UNRESOLVED.label());
            insert.setLong(9, span.first);
            insert.setLong(10, span.last);
            insert.setLong(11, span.count);
            insert.setLong(12, now);
            insert.setString(13, SYSTEM);
            try (ResultSet row = insert.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    /** The first error (in arrival order) that happened at or after the resolution. */
    private static PreparedError firstAtOrAfter(List<PreparedError> errors, Long resolvedAt) {
        for (PreparedError error : errors) {
            if (resolvedAt == null || error.occurredAt().toEpochMilli() >= resolvedAt) {
                return error;
            }
        }
        return null;
    }

    /** Re-opens a resolved group; false when someone else changed its status first. */
    private static boolean reopen(Connection connection, long groupId, long now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE errors_groups SET status = ?, regressed = 1, status_changed_at = ?, status_changed_by = ?, "
                        + "resolved_at = NULL WHERE id = ? AND status = ?")) {
            update.setString(1, GroupStatus.UNRESOLVED.label());
            update.setLong(2, now);
            update.setString(3, SYSTEM);
            update.setLong(4, groupId);
            update.setString(5, GroupStatus.RESOLVED.label());
            return update.executeUpdate() == 1;
        }
    }

    private static String regressionDetail(PreparedError error) {
        StringBuilder detail = new StringBuilder("recurred at ").append(error.occurredAt());
        if (error.release() != null) {
            detail.append(" in release ").append(error.release());
        }
        if (error.environment() != null) {
            detail.append(" (").append(error.environment()).append(')');
        }
        return detail.toString();
    }

    static void insertHistory(Connection connection, long groupId, long at, String type, String actor, String detail)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO errors_history (group_id, changed_at, entry_type, actor, detail) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, groupId);
            insert.setLong(2, at);
            insert.setString(3, type);
            insert.setString(4, actor);
            setText(insert, 5, detail);
            insert.executeUpdate();
        }
    }

    /** Distinct users, endpoints, levels, releases and environments per group, with counts and first/last seen. */
    private static void storeValues(Connection connection, List<PreparedError> batch) throws SQLException {
        Map<ValueKey, Span> values = new TreeMap<>();
        for (PreparedError error : batch) {
            long groupId = error.outcome().groupId;
            long at = error.occurredAt().toEpochMilli();
            addValue(values, groupId, "user", error.user(), at);
            addValue(values, groupId, "endpoint", error.endpoint(), at);
            addValue(values, groupId, "level", error.level().name(), at);
            addValue(values, groupId, "release", error.release(), at);
            addValue(values, groupId, "environment", error.environment(), at);
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO errors_group_values (group_id, kind, value, event_count, first_seen, last_seen) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, kind, value) DO UPDATE SET "
                        + "event_count = errors_group_values.event_count + excluded.event_count, "
                        + "first_seen = CASE WHEN excluded.first_seen < errors_group_values.first_seen "
                        + "THEN excluded.first_seen ELSE errors_group_values.first_seen END, "
                        + "last_seen = CASE WHEN excluded.last_seen > errors_group_values.last_seen "
                        + "THEN excluded.last_seen ELSE errors_group_values.last_seen END")) {
            for (Map.Entry<ValueKey, Span> value : values.entrySet()) {
                upsert.setLong(1, value.getKey().groupId());
                upsert.setString(2, value.getKey().kind());
                upsert.setString(3, value.getKey().value());
                upsert.setLong(4, value.getValue().count);
                upsert.setLong(5, value.getValue().first);
                upsert.setLong(6, value.getValue().last);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static void addValue(Map<ValueKey, Span> values, long groupId, String kind, String value, long at) {
        if (value == null || value.isBlank()) {
            return;
        }
        values.computeIfAbsent(new ValueKey(groupId, kind, value), key -> new Span()).add(at, 1);
    }

    /** The newest occurrences of each group; older ones beyond the configured number are deleted. */
    private void storeOccurrences(Connection connection, Map<PreparedError.GroupKey, List<PreparedError>> byGroup)
            throws SQLException {
        int keep = occurrencesPerGroup.getAsInt();
        List<Long> touched = new ArrayList<>();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO errors_occurrences (group_id, occurred_at, received_at, level, exception_type, message, "
                        + "exceptions, raw_stack, endpoint, request_id, user_id, user_agent, client_ip, release_name, "
                        + "environment, context, trace_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (List<PreparedError> errors : byGroup.values()) {
                // Only the last few of a flood are kept anyway: do not write the others.
                for (PreparedError error : errors.subList(Math.max(0, errors.size() - keep), errors.size())) {
                    insert.setLong(1, error.outcome().groupId);
                    insert.setLong(2, error.occurredAt().toEpochMilli());
                    insert.setLong(3, error.receivedAt().toEpochMilli());
                    insert.setString(4, error.level().name());
                    insert.setString(5, error.exceptionType());
                    setText(insert, 6, error.message());
                    insert.setString(7, error.exceptionsJson());
                    setText(insert, 8, error.rawStack());
                    setText(insert, 9, error.endpoint());
                    setText(insert, 10, error.requestId());
                    setText(insert, 11, error.user());
                    setText(insert, 12, error.userAgent());
                    setText(insert, 13, error.clientIp());
                    setText(insert, 14, error.release());
                    setText(insert, 15, error.environment());
                    setText(insert, 16, error.contextJson());
                    setText(insert, 17, error.traceId());
                    insert.addBatch();
                }
                if (!errors.getFirst().outcome().newGroup || errors.size() > keep) {
                    touched.add(errors.getFirst().outcome().groupId);
                }
            }
            insert.executeBatch();
        }
        try (PreparedStatement prune = connection.prepareStatement(
                "DELETE FROM errors_occurrences WHERE group_id = ? AND id NOT IN "
                        + "(SELECT id FROM errors_occurrences WHERE group_id = ? ORDER BY id DESC LIMIT ?)")) {
            for (long groupId : touched) {
                prune.setLong(1, groupId);
                prune.setLong(2, groupId);
                prune.setInt(3, keep);
                prune.addBatch();
            }
            prune.executeBatch();
        }
    }

    private static void storeMinutes(Connection connection, List<PreparedError> batch) throws SQLException {
        Map<MinuteKey, Long> counts = new TreeMap<>();
        for (PreparedError error : batch) {
            long minute = Math.floorDiv(error.occurredAt().toEpochMilli(), MINUTE) * MINUTE;
            counts.merge(new MinuteKey(minute, error.service(), error.level().name()), 1L, Long::sum);
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO errors_minutes (minute, service, level, events) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (minute, service, level) DO UPDATE SET "
                        + "events = errors_minutes.events + excluded.events")) {
            for (Map.Entry<MinuteKey, Long> count : counts.entrySet()) {
                upsert.setLong(1, count.getKey().minute());
                upsert.setString(2, count.getKey().service());
                upsert.setString(3, count.getKey().level());
                upsert.setLong(4, count.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    private static void storeHours(Connection connection, List<PreparedError> batch) throws SQLException {
        Map<HourKey, Long> counts = new TreeMap<>();
        for (PreparedError error : batch) {
            long hour = Math.floorDiv(error.occurredAt().toEpochMilli(), HOUR) * HOUR;
            counts.merge(new HourKey(error.outcome().groupId, hour), 1L, Long::sum);
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO errors_group_hours (group_id, hour, events) VALUES (?, ?, ?) "
                        + "ON CONFLICT (group_id, hour) DO UPDATE SET events = errors_group_hours.events + excluded.events")) {
            for (Map.Entry<HourKey, Long> count : counts.entrySet()) {
                upsert.setLong(1, count.getKey().groupId());
                upsert.setLong(2, count.getKey().hour());
                upsert.setLong(3, count.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    static void setText(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }

    /** A distinct value of a group. */
    private record ValueKey(long groupId, String kind, String value) implements Comparable<ValueKey> {
        @Override
        public int compareTo(ValueKey other) {
            int compared = Long.compare(groupId, other.groupId);
            if (compared == 0) {
                compared = kind.compareTo(other.kind);
            }
            return compared != 0 ? compared : value.compareTo(other.value);
        }
    }

    /** How often a value or group was seen in a batch, when first and last, and (groups) the highest level. */
    private static final class Span {
        long count;
        int levelRank;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        void add(long at, long times) {
            count += times;
            first = Math.min(first, at);
            last = Math.max(last, at);
        }
    }

    private record MinuteKey(long minute, String service, String level) implements Comparable<MinuteKey> {
        @Override
        public int compareTo(MinuteKey other) {
            int compared = Long.compare(minute, other.minute);
            if (compared == 0) {
                compared = service.compareTo(other.service);
            }
            return compared != 0 ? compared : level.compareTo(other.level);
        }
    }

    private record HourKey(long groupId, long hour) implements Comparable<HourKey> {
        @Override
        public int compareTo(HourKey other) {
            int compared = Long.compare(groupId, other.groupId);
            return compared != 0 ? compared : Long.compare(hour, other.hour);
        }
    }
}
