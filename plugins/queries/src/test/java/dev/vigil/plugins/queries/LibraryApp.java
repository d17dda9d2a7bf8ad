package dev.vigil.plugins.queries;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small monitored application: a library whose handlers run real statements through JDBC on an SQLite file,
 * time each one and report them the way an agent would, to Vigil's ingest route. One handler has the classic
 * N+1 (a list query, then one query per row), one does the same work with a join, and one looks the same
 * setting up again for every row.
 */
final class LibraryApp implements AutoCloseable {

    static final String SERVICE = "library";

    /** One statement as the app reports it. */
    record Reported(Instant timestamp, String sql, List<Object> params, double durationMs, long rows,
                    String requestId, String endpoint) {
    }

    private final Connection connection;
    private final int books;
    private final List<Reported> reported = new ArrayList<>();
    private final List<Reported> history = new ArrayList<>();

    LibraryApp(Path directory, int authors, int books) throws SQLException {
        this.books = books;
        connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("library.db"));
        try (Statement schema = connection.createStatement()) {
            schema.execute("CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            schema.execute("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
                                   + "author_id INTEGER NOT NULL REFERENCES authors (id), price REAL NOT NULL)");
            schema.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            schema.execute("INSERT INTO settings VALUES ('currency', 'EUR')");
        }
        try (PreparedStatement author = connection.prepareStatement("INSERT INTO authors VALUES (?, ?)");
             PreparedStatement book = connection.prepareStatement("INSERT INTO books VALUES (?, ?, ?, ?)")) {
            for (int id = 1; id <= authors; id++) {
                author.setInt(1, id);
                author.setString(2, "Author " + id);
                author.executeUpdate();
            }
            for (int id = 1; id <= books; id++) {
                book.setInt(1, id);
                book.setString(2, "Book " + id);
                book.setInt(3, 1 + (id - 1) % authors);
                book.setDouble(4, 10 + id);
                book.executeUpdate();
            }
        }
    }

    int books() {
        return books;
    }

    /** GET /books: the N+1 — the list, then each book's author by its own prepared query. */
    List<String> listBooksOneByOne(String requestId) throws SQLException {
        List<String> lines = new ArrayList<>();
        for (List<Object> book : query(requestId, "/books", "SELECT id, title, author_id FROM books ORDER BY id")) {
            List<List<Object>> author = query(requestId, "/books", "SELECT name FROM authors WHERE id = ?",
                                              book.get(2));
            lines.add(book.get(1) + " by " + author.getFirst().getFirst());
        }
        return lines;
    }

    /** GET /books/joined: the same page with a join, and a count for the pager. */
    List<String> listBooksJoined(String requestId) throws SQLException {
        List<String> lines = new ArrayList<>();
        for (List<Object> row : query(requestId, "/books/joined", "SELECT b.title, a.name FROM books b "
                + "JOIN authors a ON a.id = b.author_id ORDER BY b.id")) {
            lines.add(row.get(0) + " by " + row.get(1));
        }
        query(requestId, "/books/joined", "SELECT COUNT(*) FROM books");
        return lines;
    }

    /** GET /books/prices: looks the currency up again for every book, with the same literal each time. */
    List<String> listPricesWithCurrencyLookup(String requestId) throws SQLException {
        List<String> lines = new ArrayList<>();
        for (List<Object> book : query(requestId, "/books/prices", "SELECT id, price FROM books ORDER BY id")) {
            List<List<Object>> currency = query(requestId, "/books/prices",
                                                "SELECT value FROM settings WHERE key = 'currency'");
            lines.add(book.get(1) + " " + currency.getFirst().getFirst());
        }
        return lines;
    }

    /** Runs one statement, timing it and recording what an agent would report. */
    private List<List<Object>> query(String requestId, String endpoint, String sql, Object... params)
            throws SQLException {
        Instant at = Instant.now();
        long started = System.nanoTime();
        List<List<Object>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Object> row = new ArrayList<>(columns);
                    for (int c = 1; c <= columns; c++) {
                        row.add(result.getObject(c));
                    }
                    rows.add(row);
                }
            }
        }
        double durationMs = (System.nanoTime() - started) / 1_000_000.0;
        Reported run = new Reported(at, sql, List.of(params), durationMs, rows.size(), requestId, endpoint);
        reported.add(run);
        history.add(run);
        return rows;
    }

    /** What was run for one request. */
    List<Reported> reportedFor(String requestId) {
        return history.stream().filter(r -> r.requestId().equals(requestId)).toList();
    }

    /** The ingest body for everything recorded since the last call, and the recording starts afresh. */
    String takeReport(ObjectMapper mapper) throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Reported r : reported) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("timestamp", r.timestamp().toString());
            record.put("service", SERVICE);
            record.put("sql", r.sql());
            if (!r.params().isEmpty()) {
                record.put("params", r.params());
            }
            record.put("duration_ms", r.durationMs());
            record.put("rows", r.rows());
            record.put("request_id", r.requestId());
            record.put("endpoint", r.endpoint());
            record.put("database", "sqlite");
            records.add(record);
        }
        reported.clear();
        return mapper.writeValueAsString(Map.of("records", records));
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
