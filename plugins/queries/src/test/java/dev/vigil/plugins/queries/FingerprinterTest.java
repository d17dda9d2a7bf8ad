package dev.vigil.plugins.queries;

import static dev.vigil.plugins.queries.SqlDialect.GENERIC;
import static dev.vigil.plugins.queries.SqlDialect.MYSQL;
import static dev.vigil.plugins.queries.SqlDialect.POSTGRESQL;
import static dev.vigil.plugins.queries.SqlDialect.SQLITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fingerprinting over real statements in PostgreSQL, MySQL and SQLite styles: each row lists statements that
 * must share one shape, and the normalised text they share.
 */
class FingerprinterTest {

    /** One statement as a client of a given database would send it. */
    record Sql(SqlDialect dialect, String text) {
        @Override
        public String toString() {
            return dialect + ": " + text.replace('\n', ' ');
        }
    }

    static Sql pg(String text) {
        return new Sql(POSTGRESQL, text);
    }

    static Sql my(String text) {
        return new Sql(MYSQL, text);
    }

    static Sql lite(String text) {
        return new Sql(SQLITE, text);
    }

    static Sql any(String text) {
        return new Sql(GENERIC, text);
    }

    static Stream<Arguments> sameShape() {
        return Stream.of(
            // Numbers of every form, placeholders of every driver, whitespace, case, a trailing semicolon.
            row("select * from users where id = ?",
                pg("SELECT * FROM users WHERE id = 42"),
                pg("select *\n  from users\n where id=$1;"),
                my("SELECT * FROM users WHERE id = 0x1F"),
                lite("SELECT * FROM users WHERE id = ?1"),
                lite("SELECT * FROM users WHERE id = :id"),
                lite("SELECT * FROM users WHERE id = @id"),
                lite("SELECT * FROM users WHERE id = $id"),
                any("SELECT * FROM users WHERE id = %s"),
                any("SELECT * FROM users WHERE id = %(user_id)s"),
                any("SELECT * FROM users WHERE id = 3.14"),
                any("SELECT * FROM users WHERE id = .5"),
                any("SELECT * FROM users WHERE id = 1e10"),
                any("SELECT * FROM users WHERE id = 1.5E-3"),
                any("SELECT * FROM users WHERE id = -7"),
                any("SELECT * FROM users WHERE id = + 7")),
            // Identifier quoting: double quotes (PostgreSQL, SQLite), backticks (MySQL), brackets (SQLite).
            row("select name, email from users where id = ?",
                pg("SELECT \"name\", \"email\" FROM \"users\" WHERE \"id\" = $1"),
                my("SELECT `name`, `email` FROM `users` WHERE `id` = 10"),
                lite("SELECT [name], [email] FROM [users] WHERE [id] = ?"),
                lite("select \"Name\", [Email] from `Users` where ID = 3")),
            // Qualified names and identifiers that need their quotes.
            row("select u.id, \"order items\".qty from app.users u join \"order items\" on u.id = \"order items\".uid",
                pg("SELECT u.id, \"order items\".qty FROM app.users u JOIN \"order items\" ON u.id = \"order items\".uid"),
                lite("SELECT u.id, [order items].qty FROM [app].[users] u JOIN [order items] ON u.id = [order items].uid"),
                my("SELECT `u`.`id`, `order items`.`qty` FROM `app`.`users` `u` JOIN `order items` ON `u`.`id` = `order items`.`uid`")),
            // Strings: doubled quotes, backslash escapes (MySQL), E'' strings, N'', charset introducers,
            // MySQL double-quoted strings, dollar quoting.
            row("select id from users where name = ?",
                pg("SELECT id FROM users WHERE name = 'O''Brien'"),
                pg("SELECT id FROM users WHERE name = E'It\\'s'"),
                pg("SELECT id FROM users WHERE name = $$it's$$"),
                pg("SELECT id FROM users WHERE name = $q$a $$ b$q$"),
                pg("SELECT id FROM users WHERE name = U&'d\\0061t'"),
                my("SELECT id FROM users WHERE name = 'It\\'s'"),
                my("SELECT id FROM users WHERE name = \"bob\""),
                my("SELECT id FROM users WHERE name = _utf8mb4'caf\u00e9'"),
                my("SELECT id FROM users WHERE name = N'x'"),
                lite("SELECT id FROM users WHERE name = 'C:\\'")),
            // A backslash that ends a PostgreSQL string does not swallow what follows.
            row("select id from files where path = ? and owner = ?",
                pg("SELECT id FROM files WHERE path = 'C:\\' AND owner = 'me'"),
                my("SELECT id FROM files WHERE path = 'C:\\\\' AND owner = 'me'")),
            // Hex and bit literals.
            row("select id from blobs where digest = ?",
                lite("SELECT id FROM blobs WHERE digest = x'ABCD'"),
                my("SELECT id FROM blobs WHERE digest = X'0F'"),
                my("SELECT id FROM blobs WHERE digest = 0xDEADBEEF"),
                my("SELECT id FROM blobs WHERE digest = b'1010'"),
                my("SELECT id FROM blobs WHERE digest = 0b1010"),
                pg("SELECT id FROM blobs WHERE digest = B'1010'")),
            // Booleans and NULL as values.
            row("update users set active = ?, deleted_at = ? where id = ?",
                pg("UPDATE users SET active = true, deleted_at = NULL WHERE id = 1"),
                my("UPDATE users SET active = FALSE, deleted_at = '2024-01-01' WHERE id = 2"),
                lite("UPDATE users SET active = ?, deleted_at = ? WHERE id = ?")),
            // IS NULL stays a test.
            row("select id from users where deleted_at is null and manager_id is not null limit ?",
                pg("select id from users where deleted_at IS NULL and manager_id IS NOT NULL limit 10"),
                my("SELECT id FROM users WHERE deleted_at is null AND manager_id is not NULL LIMIT 500")),
            // So does the NOT NULL of a column definition.
            row("create table if not exists items(id integer primary key, name text not null, qty integer not null)",
                pg("CREATE TABLE IF NOT EXISTS items (id integer PRIMARY KEY, name text NOT NULL, qty integer NOT NULL)")),
            // Comments of every style disappear.
            row("select id from orders where total > ?",
                pg("SELECT id -- the key\nFROM orders /* big ones */ WHERE total > 100"),
                pg("/* outer /* nested */ still comment */ SELECT id FROM orders WHERE total > 5"),
                my("SELECT id FROM orders # mysql comment\nWHERE total > 100"),
                my("SELECT /*+ MAX_EXECUTION_TIME(1000) */ id FROM orders WHERE total > 1"),
                lite("-- leading comment\nSELECT id FROM orders WHERE total > 2 -- trailing")),
            // IN-lists of any length, with placeholders, negative numbers or NULL inside.
            row("select * from products where id in (?) and status not in (?)",
                pg("SELECT * FROM products WHERE id IN (1) AND status NOT IN ('a', 'b')"),
                pg("SELECT * FROM products WHERE id IN ($1, $2, $3) AND status NOT IN ($4)"),
                my("SELECT * FROM products WHERE id IN (1,2,3,4,5,6,7,8,9,10) AND status NOT IN (-1, NULL)"),
                lite("SELECT * FROM products WHERE id IN (?, ?) AND status NOT IN (?,?,?,?)")),
            // Tuple IN-lists.
            row("select * from stock where (shop, sku) in ((?, ?))",
                pg("SELECT * FROM stock WHERE (shop, sku) IN ((1, 'a'), (2, 'b'), (3, 'c'))"),
                my("SELECT * FROM stock WHERE (shop, sku) IN ((7, 'x'))")),
            // PostgreSQL arrays.
            row("select * from orders where status = any (array[?])",
                pg("SELECT * FROM orders WHERE status = ANY(ARRAY[1, 2, 3])"),
                pg("SELECT * FROM orders WHERE status = ANY (ARRAY[$1])")),
            // Multi-row VALUES of any length.
            row("insert into events(kind, payload, at) values (?, ?, now())",
                pg("INSERT INTO events (kind, payload, at) VALUES ('a', '{}', now()), ('b', '{\"x\":1}', now())"),
                my("INSERT INTO `events` (`kind`, `payload`, `at`) VALUES ('a', 'x', NOW())"),
                lite("insert into events(kind,payload,at) values (?,?,now()),(?,?,now()),(?,?,now())")),
            // MySQL upsert and SQLite INSERT OR REPLACE keep their shape.
            row("insert into counters(name, n) values (?, ?) on duplicate key update n = n + ?",
                my("INSERT INTO counters (name, n) VALUES ('a', 1), ('b', 1) ON DUPLICATE KEY UPDATE n = n + 1"),
                my("insert into counters (name,n) values (?,?) on duplicate key update n=n+?")),
            row("insert or replace into settings(key, value) values (?, ?)",
                lite("INSERT OR REPLACE INTO settings (key, value) VALUES ('theme', 'dark')"),
                lite("INSERT OR REPLACE INTO [settings] ([key], [value]) VALUES (?1, ?2)")),
            // PostgreSQL casts, intervals, JSON operators (# is an operator there, not a comment).
            row("select data ->> ? from docs where data @> ?::jsonb and data #>> ? = ? and created_at > now() - interval ?",
                pg("SELECT data->>'name' FROM docs WHERE data @> '{\"a\":1}'::jsonb AND data #>> '{a,b}' = 'x' "
                   + "AND created_at > now() - interval '1 day'"),
                pg("select data ->> $1 from docs where data @> $2::jsonb and data #>> $3 = $4 "
                   + "and created_at > now() - interval '2 hours'")),
            // Subtraction stays an operator; a signed number is one literal.
            row("select price - ?, - qty from items where balance > ?",
                any("SELECT price-1, -qty FROM items WHERE balance > -100"),
                any("SELECT price - 20, - qty FROM items WHERE balance > 0")),
            // Pagination and MySQL's LIMIT offset, count.
            row("select id from posts order by created_at desc limit ? offset ?",
                pg("SELECT id FROM posts ORDER BY created_at DESC LIMIT 20 OFFSET 40"),
                lite("select id from posts order by created_at desc limit ? offset ?")),
            // Function calls and subqueries.
            row("select count(*), coalesce(max(total), ?) from orders where user_id in (select id from users where "
                + "email like ?)",
                pg("SELECT COUNT(*), COALESCE(MAX(total), 0) FROM orders WHERE user_id IN (SELECT id FROM users "
                   + "WHERE email LIKE '%@example.com')"),
                my("select count( * ), coalesce( max( total ), 0 ) from orders where user_id in ( select id from "
                   + "users where email like 'a%' )"))
        );
    }

    private static Arguments row(String expected, Sql... statements) {
        return Arguments.of(expected, List.of(statements));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sameShape")
    void statementsOfOneShapeShareOneFingerprint(String expected, List<Sql> statements) {
        Fingerprint first = Fingerprinter.fingerprint(statements.getFirst().text(), statements.getFirst().dialect());
        for (Sql sql : statements) {
            Fingerprint fingerprint = Fingerprinter.fingerprint(sql.text(), sql.dialect());
            assertEquals(expected, fingerprint.text(), sql.toString());
            assertEquals(first.id(), fingerprint.id(), sql.toString());
        }
    }

    static Stream<Arguments> differentShapes() {
        return Stream.of(
            Arguments.of(any("SELECT * FROM users WHERE id = 1"), any("SELECT * FROM accounts WHERE id = 1")),
            Arguments.of(any("SELECT * FROM users WHERE id = 1"), any("SELECT * FROM users WHERE email = 1")),
            Arguments.of(any("SELECT * FROM users WHERE id = 1"), any("SELECT * FROM users WHERE id <> 1")),
            Arguments.of(any("SELECT * FROM t WHERE a IS NULL"), any("SELECT * FROM t WHERE a IS NOT NULL")),
            Arguments.of(any("SELECT * FROM t WHERE a IS NULL"), any("SELECT * FROM t WHERE a = NULL")),
            Arguments.of(any("SELECT * FROM t WHERE a IN (1, 2)"), any("SELECT * FROM t WHERE a IN (SELECT b FROM u)")),
            Arguments.of(any("SELECT a - 1 FROM t"), any("SELECT a FROM t")),
            Arguments.of(any("SELECT a, b FROM t"), any("SELECT a FROM t")),
            Arguments.of(any("INSERT INTO t (a) VALUES (1), (now())"), any("INSERT INTO t (a) VALUES (1)")),
            Arguments.of(pg("SELECT a # b FROM t"), pg("SELECT a FROM t")),
            Arguments.of(lite("SELECT * FROM t WHERE tags[1] = 'a'"), lite("SELECT * FROM t WHERE tags = 'a'")),
            Arguments.of(any("SELECT * FROM t ORDER BY a"), any("SELECT * FROM t ORDER BY a DESC"))
        );
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("differentShapes")
    void differentShapesHaveDifferentFingerprints(Sql one, Sql other) {
        assertNotEquals(Fingerprinter.fingerprint(one.text(), one.dialect()).id(),
                        Fingerprinter.fingerprint(other.text(), other.dialect()).id());
    }

    @Test
    void literalsTellRepeatsWithOtherValuesFromIdenticalRepeats() {
        Fingerprint one = Fingerprinter.fingerprint("SELECT name FROM authors WHERE id = 1", GENERIC);
        Fingerprint sameAgain = Fingerprinter.fingerprint("select name\nfrom authors where id=1 -- again", GENERIC);
        Fingerprint two = Fingerprinter.fingerprint("SELECT name FROM authors WHERE id = 2", GENERIC);
        Fingerprint minusOne = Fingerprinter.fingerprint("SELECT name FROM authors WHERE id = -1", GENERIC);
        assertEquals(one.id(), two.id());
        assertEquals(one.literals(), sameAgain.literals());
        assertNotEquals(one.literals(), two.literals());
        assertNotEquals(one.literals(), minusOne.literals());
        assertFalse(one.placeholders());
        assertTrue(Fingerprinter.fingerprint("SELECT name FROM authors WHERE id = ?", GENERIC).placeholders());
        assertNotEquals(Fingerprinter.fingerprint("SELECT * FROM t WHERE a IN (1, 2)", GENERIC).literals(),
                        Fingerprinter.fingerprint("SELECT * FROM t WHERE a IN (1, 3)", GENERIC).literals());
    }

    @Test
    void idsAreShortHexAndKindIsTheFirstWord() {
        Fingerprint fingerprint = Fingerprinter.fingerprint("  UPDATE t SET a = 1", GENERIC);
        assertTrue(fingerprint.id().matches("[0-9a-f]{16}"), fingerprint.id());
        assertEquals("update", fingerprint.kind());
        assertEquals("select", Fingerprinter.fingerprint("(SELECT 1) UNION (SELECT 2)", GENERIC).kind());
        assertEquals("other", Fingerprinter.fingerprint("", GENERIC).kind());
    }

    @Test
    void brokenTextStillGetsAStableFingerprint() {
        for (String broken : List.of("SELECT 'unterminated", "SELECT \"open", "SELECT (((", "SELECT )) ]", "/* open",
                                     "SELECT $tag$ never closed", "`", "[", "SELECT 1e", "SELECT 0x")) {
            Fingerprint first = Fingerprinter.fingerprint(broken, GENERIC);
            assertEquals(first, Fingerprinter.fingerprint(broken, GENERIC), broken);
        }
        assertEquals(Fingerprinter.fingerprint("SELECT 'a", POSTGRESQL).id(),
                     Fingerprinter.fingerprint("SELECT 'b c d", POSTGRESQL).id());
    }

    @Test
    void anyTextWhateverItsCharactersGivesAFingerprintWithoutFailing() {
        String alphabet = "aZ_9 .,;()[]{}'\"`$#@:?%!<>=+-*/\\\n\tExXbBuU&é中";
        java.util.Random random = new java.util.Random(2026);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            for (SqlDialect dialect : SqlDialect.values()) {
                Fingerprint fingerprint = Fingerprinter.fingerprint(text.toString(), dialect);
                assertEquals(fingerprint, Fingerprinter.fingerprint(text.toString(), dialect), text.toString());
                assertTrue(fingerprint.id().matches("[0-9a-f]{16}"));
            }
        }
    }

    @Test
    void dialectFromTheDatabaseName() {
        assertEquals(POSTGRESQL, SqlDialect.of("PostgreSQL 16"));
        assertEquals(POSTGRESQL, SqlDialect.of("postgresql"));
        assertEquals(MYSQL, SqlDialect.of("MariaDB"));
        assertEquals(MYSQL, SqlDialect.of("mysql"));
        assertEquals(SQLITE, SqlDialect.of("sqlite"));
        assertEquals(GENERIC, SqlDialect.of("oracle"));
        assertEquals(GENERIC, SqlDialect.of(null));
    }
}
