package dev.vigil.plugins.queries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class NPlusOneDetectorTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static Statement run(String sql, double ms) {
        return run(sql, ms, null);
    }

    private static Statement run(String sql, double ms, List<String> params) {
        return Statement.analyse(new Execution(T0, "shop", sql, ms, 1L, "req-1", null, "/books", "sqlite", null,
                                               params), 4000, 500);
    }

    private static RequestQueries request(List<Statement> statements) {
        RequestQueries request = new RequestQueries("shop", "req-1");
        statements.forEach(request::add);
        return request;
    }

    @Test
    void aListQueryThenOneQueryPerRowIsAnNPlusOne() {
        List<Statement> statements = new java.util.ArrayList<>();
        statements.add(run("SELECT id, author_id FROM books", 3));
        for (int id = 1; id <= 8; id++) {
            statements.add(run("SELECT name FROM authors WHERE id = " + id, 2));
        }
        List<Finding> findings = NPlusOneDetector.findings(request(statements), 5);
        assertEquals(1, findings.size(), findings.toString());
        Finding finding = findings.getFirst();
        assertEquals(Finding.Kind.N_PLUS_ONE, finding.kind());
        assertEquals(8, finding.repeats());
        assertEquals(16.0, finding.timeMs(), 1e-9);
        assertEquals(Fingerprinter.fingerprint("SELECT name FROM authors WHERE id = 1", SqlDialect.SQLITE).id(),
                     finding.fingerprint());
        assertEquals("SELECT name FROM authors WHERE id = 1", finding.exampleSql());
    }

    @Test
    void boundParametersTellRowsApart() {
        List<Statement> statements = new java.util.ArrayList<>();
        for (int id = 1; id <= 5; id++) {
            statements.add(run("SELECT name FROM authors WHERE id = ?", 1, List.of("v:" + id)));
        }
        List<Finding> findings = NPlusOneDetector.findings(request(statements), 5);
        assertEquals(List.of(Finding.Kind.N_PLUS_ONE), findings.stream().map(Finding::kind).toList());
    }

    @Test
    void distinctStatementsFindNothing() {
        List<Statement> statements = List.of(
                run("SELECT * FROM books", 1), run("SELECT * FROM authors", 1),
                run("SELECT COUNT(*) FROM reviews", 1), run("SELECT b.title, a.name FROM books b JOIN authors a "
                                                             + "ON a.id = b.author_id", 5),
                run("UPDATE stats SET views = views + 1 WHERE page = 'books'", 1));
        assertTrue(NPlusOneDetector.findings(request(statements), 5).isEmpty());
    }

    @Test
    void belowTheThresholdFindsNothing() {
        List<Statement> statements = new java.util.ArrayList<>();
        for (int id = 1; id <= 4; id++) {
            statements.add(run("SELECT name FROM authors WHERE id = " + id, 1));
            statements.add(run("SELECT value FROM settings WHERE key = 'currency'", 1));
        }
        assertTrue(NPlusOneDetector.findings(request(statements), 5).isEmpty());
    }

    @Test
    void theSameStatementAgainAndAgainIsARepeatedIdenticalFinding() {
        List<Statement> statements = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statements.add(run("SELECT value FROM settings WHERE key = 'currency'", 1.5));
        }
        List<Finding> findings = NPlusOneDetector.findings(request(statements), 5);
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(Finding.Kind.REPEATED_IDENTICAL, findings.getFirst().kind());
        assertEquals(6, findings.getFirst().repeats());
        assertEquals(9.0, findings.getFirst().timeMs(), 1e-9);
        assertEquals("SELECT value FROM settings WHERE key = 'currency'", findings.getFirst().exampleSql());
    }

    @Test
    void aLoopWhoseRowsShareAParentShowsBoth() {
        List<Statement> statements = new java.util.ArrayList<>();
        for (int book = 0; book < 10; book++) {
            statements.add(run("SELECT name FROM authors WHERE id = " + (book < 6 ? 1 : book), 1));
        }
        List<Finding> findings = NPlusOneDetector.findings(request(statements), 5);
        assertEquals(2, findings.size(), findings.toString());
        Finding nPlusOne = findings.stream().filter(f -> f.kind() == Finding.Kind.N_PLUS_ONE).findFirst().orElseThrow();
        Finding repeated = findings.stream().filter(f -> f.kind() == Finding.Kind.REPEATED_IDENTICAL).findFirst()
                .orElseThrow();
        assertEquals(10, nPlusOne.repeats());
        assertEquals(6, repeated.repeats());
        assertEquals("SELECT name FROM authors WHERE id = 1", repeated.exampleSql());
    }

    @Test
    void placeholdersWithoutValuesShowTheShapeButNeverProveARepeat() {
        List<Statement> statements = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statements.add(run("SELECT name FROM authors WHERE id = ?", 1));
        }
        List<Finding> findings = NPlusOneDetector.findings(request(statements), 5);
        assertEquals(List.of(Finding.Kind.N_PLUS_ONE), findings.stream().map(Finding::kind).toList());
    }

    @Test
    void identicalBoundValuesAreARepeat() {
        List<Statement> statements = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statements.add(run("SELECT name FROM authors WHERE id = ?", 1, List.of("v:7")));
        }
        List<Finding> findings = NPlusOneDetector.findings(request(statements), 5);
        assertEquals(List.of(Finding.Kind.REPEATED_IDENTICAL), findings.stream().map(Finding::kind).toList());
        assertTrue(NPlusOneDetector.findings(request(List.of(
                run("SELECT name FROM authors WHERE id = ?", 1, List.of("v:7")),
                run("SELECT name FROM authors WHERE id = ?", 1, List.of("s:7")))), 2).stream()
                           .allMatch(f -> f.kind() == Finding.Kind.N_PLUS_ONE), "the number 7 and the text '7' differ");
    }

    @Test
    void manyValueSetsStayBoundedAndStillCount() {
        RequestQueries request = new RequestQueries("shop", "req-1");
        for (int id = 0; id < RequestQueries.MAX_VALUE_SETS * 4; id++) {
            request.add(run("SELECT name FROM authors WHERE id = " + id, 1));
        }
        RequestQueries.Shape shape = request.shapes().iterator().next();
        assertEquals(RequestQueries.MAX_VALUE_SETS * 4, shape.count());
        assertEquals(RequestQueries.MAX_VALUE_SETS * 4, shape.distinctValues());
        assertEquals(RequestQueries.MAX_VALUE_SETS * 4, NPlusOneDetector.findings(request, 5).getFirst().repeats());
    }
}
