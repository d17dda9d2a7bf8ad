package dev.vigil.plugins.optimizer;

import java.time.Instant;

import io.helidon.dbclient.DbRow;

/** Reading DbClient rows: numbers through {@link Number} (SQLite answers Integer for small values), nulls kept. */
final class Rows {

    private Rows() {
    }

    static Double number(DbRow row, String column) {
        Object value = value(row, column);
        return value == null ? null : ((Number) value).doubleValue();
    }

    /** The column's value, null for SQL NULL ({@code get()} and {@code asOptional()} throw on those). */
    static Object value(DbRow row, String column) {
        return row.column(column).get(Object.class);
    }

    static long longValue(DbRow row, String column) {
        return ((Number) row.column(column).get()).longValue();
    }

    static double doubleValue(DbRow row, String column) {
        return ((Number) row.column(column).get()).doubleValue();
    }

    static Instant instant(DbRow row, String column) {
        Object value = value(row, column);
        return value == null ? null : Instant.ofEpochMilli(((Number) value).longValue());
    }

    static String string(DbRow row, String column) {
        Object value = value(row, column);
        return value == null ? null : value.toString();
    }
}
