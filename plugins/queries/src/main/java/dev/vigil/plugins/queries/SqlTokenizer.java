package dev.vigil.plugins.queries;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into tokens, dropping whitespace and comments. It does not parse SQL: it only needs to know
 * where literals, identifiers and placeholders start and end in PostgreSQL, MySQL and SQLite text, and it never
 * fails — text it cannot read (an unterminated string, say) becomes one token up to the end.
 */
final class SqlTokenizer {

    /** What a token is. */
    enum Type {
        /** An unquoted word: keyword, identifier or function name, in lower case. */
        WORD,
        /** A quoted identifier ({@code "x"}, {@code `x`}, {@code [x]}), already normalised. */
        IDENTIFIER,
        /** A string, number, hex or bit literal, as written. */
        LITERAL,
        /** A bind placeholder: {@code ?}, {@code ?1}, {@code $1}, {@code :name}, {@code @name}, {@code %s}. */
        PLACEHOLDER,
        /** An operator or punctuation. */
        SYMBOL
    }

    /** One token. */
    record Token(Type type, String text) {
    }

    /** Operators of more than one character, longest first so that the first match is the right one. */
    private static final String[] OPERATORS = {
        "<=>", "->>", "#>>", "!~*", "...",
        "<=", ">=", "<>", "!=", "||", "::", "->", "#>", "#-", "@>", "<@", ":=", "=>", "~*", "!~", "&&", "<<", ">>",
        "?|", "?&", "**", "==", "^="
    };

    /** {@link #OPERATORS} by their first character, so a symbol is matched against a few candidates only. */
    private static final String[][] OPERATORS_BY_FIRST = new String[128][];

    /** Single-character symbols, made once. */
    private static final String[] SINGLE = new String[128];

    static {
        for (char c = 0; c < 128; c++) {
            final char first = c;
            String[] candidates = java.util.Arrays.stream(OPERATORS).filter(op -> op.charAt(0) == first)
                    .toArray(String[]::new);
            OPERATORS_BY_FIRST[c] = candidates.length == 0 ? null : candidates;
            SINGLE[c] = String.valueOf(c);
        }
    }

    private final String sql;
    private final SqlDialect dialect;
    private final int length;
    private final List<Token> tokens;
    private int pos;

    private SqlTokenizer(String sql, SqlDialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
        this.length = sql.length();
        this.tokens = new ArrayList<>(Math.max(8, length / 4));
    }

    static List<Token> tokenize(String sql, SqlDialect dialect) {
        SqlTokenizer tokenizer = new SqlTokenizer(sql, dialect);
        tokenizer.run();
        return tokenizer.tokens;
    }

    private void run() {
        while (pos < length) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                skipLine();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == '#' && isHashComment()) {
                skipLine();
            } else if (c == '\'') {
                literalFrom(pos, quoted(pos, '\'', dialect.backslashEscapes()));
            } else if (c == '"') {
                doubleQuoted();
            } else if (c == '`') {
                identifierFrom(pos, quoted(pos, '`', false));
            } else if (c == '[' && isBracketIdentifier()) {
                identifierFrom(pos, sql.indexOf(']', pos) + 1);
            } else if (isDigit(c) || (c == '.' && isDigit(peek(1)) && !previousIsOperand())) {
                number();
            } else if (isWordStart(c)) {
                word();
            } else if (c == '$') {
                dollar();
            } else if (c == '?') {
                questionMark();
            } else if (c == ':' && isWordStart(peek(1)) && peek(-1) != ':') {
                placeholderFrom(pos, wordEnd(pos + 1));
            } else if (c == '@') {
                at();
            } else if (c == '%' && isPythonPlaceholder()) {
                placeholderFrom(pos, peek(1) == 's' ? pos + 2 : sql.indexOf(")s", pos) + 2);
            } else {
                symbol();
            }
        }
    }

    private char peek(int offset) {
        int at = pos + offset;
        return at >= 0 && at < length ? sql.charAt(at) : '\0';
    }

    private void skipLine() {
        int end = sql.indexOf('\n', pos);
        pos = end < 0 ? length : end + 1;
    }

    /** Block comments; PostgreSQL nests them, the others end at the first close. */
    private void skipBlockComment() {
        int depth = 0;
        int i = pos;
        while (i < length) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
                if (dialect != SqlDialect.POSTGRESQL && depth > 1) {
                    depth = 1;
                }
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    break;
                }
            } else {
                i++;
            }
        }
        pos = i;
    }

    /**
     * {@code #} starts a comment in MySQL; in PostgreSQL it is an operator ({@code #}, {@code #>}, {@code #>>},
     * {@code #-}). When the dialect is unknown, those PostgreSQL operator spellings are kept as operators.
     */
    private boolean isHashComment() {
        if (!dialect.hashComments()) {
            return false;
        }
        if (dialect == SqlDialect.GENERIC) {
            char next = peek(1);
            return next != '>' && next != '-';
        }
        return true;
    }

    /** End (exclusive) of a literal or identifier quoted by {@code quote} starting at {@code start}. */
    private int quoted(int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\\' && backslashEscapes) {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < length && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return length;
    }

    private void doubleQuoted() {
        int end = quoted(pos, '"', dialect.doubleQuotedStrings() && dialect.backslashEscapes());
        if (dialect.doubleQuotedStrings()) {
            literalFrom(pos, end);
        } else {
            identifierFrom(pos, end);
        }
    }

    /**
     * {@code [name]} quotes an identifier in SQLite (and SQL Server), but {@code [} is also an array subscript
     * or constructor in PostgreSQL ({@code tags[1]}, {@code ARRAY[1,2]}). It is an identifier only when it does not
     * follow an operand directly and holds something shaped like a name.
     */
    private boolean isBracketIdentifier() {
        char before = peek(-1);
        if (isWordPart(before) || before == ']' || before == ')') {
            return false;
        }
        if (!tokens.isEmpty() && tokens.getLast().type() == Type.WORD && tokens.getLast().text().equals("array")) {
            return false;
        }
        int close = sql.indexOf(']', pos);
        if (close < 0 || close - pos > 129 || !isWordStart(peek(1))) {
            return false;
        }
        for (int i = pos + 1; i < close; i++) {
            char c = sql.charAt(i);
            if (!(isWordPart(c) || c == ' ' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private void number() {
        int i = pos;
        if (sql.charAt(i) == '0' && i + 2 < length && (sql.charAt(i + 1) == 'x' || sql.charAt(i + 1) == 'X')
                && isHexDigit(sql.charAt(i + 2))) {
            i += 2;
            while (i < length && isHexDigit(sql.charAt(i))) {
                i++;
            }
        } else if (sql.charAt(i) == '0' && i + 2 < length && (sql.charAt(i + 1) == 'b' || sql.charAt(i + 1) == 'B')
                && (sql.charAt(i + 2) == '0' || sql.charAt(i + 2) == '1')) {
            i += 2;
            while (i < length && (sql.charAt(i) == '0' || sql.charAt(i) == '1')) {
                i++;
            }
        } else {
            while (i < length && (isDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                i++;
            }
            if (i < length && sql.charAt(i) == '.' && !(i + 1 < length && sql.charAt(i + 1) == '.')) {
                i++;
                while (i < length && isDigit(sql.charAt(i))) {
                    i++;
                }
            }
            if (i < length && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
                int exponent = i + 1;
                if (exponent < length && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
                    exponent++;
                }
                if (exponent < length && isDigit(sql.charAt(exponent))) {
                    i = exponent;
                    while (i < length && isDigit(sql.charAt(i))) {
                        i++;
                    }
                }
            }
        }
        literalFrom(pos, i);
    }

    /** A word, or a prefixed string literal: {@code E'..'}, {@code N'..'}, {@code X'..'}, {@code B'..'},
     * {@code U&'..'}, MySQL's charset introducer {@code _utf8mb4'..'}. */
    private void word() {
        int end = wordEnd(pos);
        if (end < length && sql.charAt(end) == '\'' && isStringPrefix(end)) {
            boolean escapes = dialect.backslashEscapes() || (end - pos == 1 && (sql.charAt(pos) == 'e'
                    || sql.charAt(pos) == 'E'));
            literalFrom(pos, quoted(end, '\'', escapes));
            return;
        }
        if (end - pos == 1 && (sql.charAt(pos) == 'u' || sql.charAt(pos) == 'U') && sql.startsWith("&'", end)) {
            literalFrom(pos, quoted(end + 1, '\'', false));
            return;
        }
        tokens.add(new Token(Type.WORD, sql.substring(pos, end).toLowerCase(Locale.ROOT)));
        pos = end;
    }

    private boolean isStringPrefix(int end) {
        if (end - pos == 1) {
            char p = Character.toLowerCase(sql.charAt(pos));
            return p == 'e' || p == 'n' || p == 'x' || p == 'b';
        }
        return sql.charAt(pos) == '_';
    }

    /** {@code $1} (PostgreSQL), {@code $name} (SQLite), or dollar quoting {@code $$..$$} / {@code $tag$..$tag$}. */
    private void dollar() {
        char next = peek(1);
        if (isDigit(next)) {
            int i = pos + 1;
            while (i < length && isDigit(sql.charAt(i))) {
                i++;
            }
            placeholderFrom(pos, i);
            return;
        }
        int tagEnd = next == '$' ? pos + 1 : isWordStart(next) ? tagEnd(pos + 1) : -1;
        if (tagEnd >= 0 && tagEnd < length && sql.charAt(tagEnd) == '$') {
            String tag = sql.substring(pos, tagEnd + 1);
            int close = sql.indexOf(tag, tagEnd + 1);
            literalFrom(pos, close < 0 ? length : close + tag.length());
            return;
        }
        if (isWordStart(next)) {
            placeholderFrom(pos, wordEnd(pos + 1));
            return;
        }
        symbol();
    }

    /** {@code ?} and {@code ?1} are placeholders; {@code ?|} and {@code ?&} are PostgreSQL jsonb operators. */
    private void questionMark() {
        char next = peek(1);
        if (next == '|' || next == '&') {
            symbol();
            return;
        }
        int i = pos + 1;
        while (i < length && isDigit(sql.charAt(i))) {
            i++;
        }
        placeholderFrom(pos, i);
    }

    /** {@code @@global.x} is a system variable (a word); {@code @name} a named parameter or user variable. */
    private void at() {
        if (peek(1) == '@') {
            int end = wordEnd(pos + 2);
            while (end < length && sql.charAt(end) == '.' && end + 1 < length && isWordStart(sql.charAt(end + 1))) {
                end = wordEnd(end + 1);
            }
            tokens.add(new Token(Type.WORD, sql.substring(pos, end).toLowerCase(Locale.ROOT)));
            pos = end;
        } else if (isWordStart(peek(1))) {
            placeholderFrom(pos, wordEnd(pos + 1));
        } else {
            symbol();
        }
    }

    /** {@code %s} and {@code %(name)s}, as Python drivers write them. */
    private boolean isPythonPlaceholder() {
        if (peek(1) == 's') {
            return !isWordPart(peek(2));
        }
        if (peek(1) == '(') {
            int close = sql.indexOf(")s", pos);
            if (close > pos + 2 && close - pos < 66) {
                for (int i = pos + 2; i < close; i++) {
                    if (!isWordPart(sql.charAt(i))) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private void symbol() {
        char c = sql.charAt(pos);
        if (c < 128) {
            String[] candidates = OPERATORS_BY_FIRST[c];
            if (candidates != null) {
                for (String operator : candidates) {
                    if (sql.startsWith(operator, pos)) {
                        tokens.add(new Token(Type.SYMBOL, operator));
                        pos += operator.length();
                        return;
                    }
                }
            }
            tokens.add(new Token(Type.SYMBOL, SINGLE[c]));
        } else {
            tokens.add(new Token(Type.SYMBOL, String.valueOf(c)));
        }
        pos++;
    }

    private void literalFrom(int start, int end) {
        tokens.add(new Token(Type.LITERAL, sql.substring(start, end)));
        pos = end;
    }

    private void placeholderFrom(int start, int end) {
        tokens.add(new Token(Type.PLACEHOLDER, sql.substring(start, end)));
        pos = end;
    }

    /** A quoted identifier, unquoted and in lower case; quoted again with {@code "} only if it needs to be. */
    private void identifierFrom(int start, int end) {
        char open = sql.charAt(start);
        char close = open == '[' ? ']' : open;
        boolean terminated = end - 1 > start && sql.charAt(end - 1) == close;
        String content = sql.substring(start + 1, terminated ? end - 1 : end);
        if (open != '[') {
            content = content.replace(String.valueOf(open) + open, String.valueOf(open));
        }
        content = content.toLowerCase(Locale.ROOT);
        tokens.add(new Token(Type.IDENTIFIER, isPlainName(content) ? content
                : '"' + content.replace("\"", "\"\"") + '"'));
        pos = end;
    }

    private static boolean isPlainName(String name) {
        if (name.isEmpty() || !isWordStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isWordPart(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the last token is something a following {@code .5} would not be part of (a qualified name). */
    private boolean previousIsOperand() {
        return !tokens.isEmpty() && (tokens.getLast().type() == Type.WORD
                || tokens.getLast().type() == Type.IDENTIFIER) && isWordPart(peek(-1));
    }

    /** A dollar-quote tag: a name without {@code $}. */
    private int tagEnd(int from) {
        int i = from;
        while (i < length && sql.charAt(i) != '$' && isWordPart(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private int wordEnd(int from) {
        int i = from;
        while (i < length && isWordPart(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c > 127 && Character.isLetter(c));
    }

    static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c) || c == '$' || (c > 127 && Character.isLetterOrDigit(c));
    }
}
