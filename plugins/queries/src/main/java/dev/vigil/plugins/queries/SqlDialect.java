package dev.vigil.plugins.queries;

import java.util.Locale;

/**
 * The dialect a statement was written in, as far as it changes how its text is read. Only three things differ
 * between the dialects we see, and each decides whether a character starts a literal, an identifier or a comment.
 * A statement whose database is unknown is read the most common way ({@link #GENERIC}).
 */
enum SqlDialect {
    /** Backslash escapes in strings (MySQL's default), {@code "x"} an identifier, {@code #} a comment. */
    GENERIC(true, false, true),
    /** Standard strings ({@code E'..'} for escapes), {@code #} an operator, nested block comments. */
    POSTGRESQL(false, false, false),
    /** Backslash escapes, {@code "x"} a string (without ANSI_QUOTES), {@code #} a comment. */
    MYSQL(true, true, true),
    /** Standard strings, {@code "x"} an identifier; SQLite has no {@code #} comments, so none appear. */
    SQLITE(false, false, true);

    private final boolean backslashEscapes;
    private final boolean doubleQuotedStrings;
    private final boolean hashComments;

    SqlDialect(boolean backslashEscapes, boolean doubleQuotedStrings, boolean hashComments) {
        this.backslashEscapes = backslashEscapes;
        this.doubleQuotedStrings = doubleQuotedStrings;
        this.hashComments = hashComments;
    }

    /** The dialect named by a record's {@code database} field: {@code postgresql}, {@code mysql}, {@code sqlite}... */
    static SqlDialect of(String database) {
        if (database == null) {
            return GENERIC;
        }
        String name = database.toLowerCase(Locale.ROOT);
        if (name.contains("postgres") || name.startsWith("pg") || name.contains("redshift")
                || name.contains("cockroach")) {
            return POSTGRESQL;
        }
        if (name.contains("mysql") || name.contains("maria") || name.contains("tidb")) {
            return MYSQL;
        }
        if (name.contains("sqlite")) {
            return SQLITE;
        }
        return GENERIC;
    }

    boolean backslashEscapes() {
        return backslashEscapes;
    }

    boolean doubleQuotedStrings() {
        return doubleQuotedStrings;
    }

    boolean hashComments() {
        return hashComments;
    }
}
