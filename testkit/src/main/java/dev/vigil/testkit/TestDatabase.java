package dev.vigil.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The databases storage tests run against: embedded SQLite always, PostgreSQL when
 * {@code VIGIL_TEST_POSTGRES_URL} is set (CI sets it). Each PostgreSQL use gets a schema of its own, dropped
 * after, so tests never see each other's tables.
 */
public enum TestDatabase {
    SQLITE, POSTGRESQL;

    public static final String POSTGRES_URL_VARIABLE = "VIGIL_TEST_POSTGRES_URL";

    /** Whether this database can be used here. */
    public boolean available() {
        return this == SQLITE || postgresBaseUrl() != null;
    }

    static String postgresBaseUrl() {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        return url == null || url.isBlank() ? null : url.trim();
    }

    /** A PostgreSQL schema made for one test server. */
    record Schema(String url, String name) implements AutoCloseable {
        static Schema create() throws SQLException {
            String base = postgresBaseUrl();
            if (base == null) {
                throw new IllegalStateException(POSTGRES_URL_VARIABLE + " is not set");
            }
            String name = "vigil_t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            try (Connection connection = DriverManager.getConnection(base);
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA " + name);
            }
            return new Schema(base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name, name);
        }

        @Override
        public void close() throws SQLException {
            try (Connection connection = DriverManager.getConnection(postgresBaseUrl());
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
        }
    }
}
