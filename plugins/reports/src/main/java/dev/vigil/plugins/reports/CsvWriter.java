package dev.vigil.plugins.reports;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * CSV as RFC 4180 has it, made safe to open in a spreadsheet:
 * <ul>
 * <li>records end with CRLF; a cell holding a comma, a double quote, CR or LF is quoted, its quotes doubled;</li>
 * <li>a text cell starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or CR gets a leading {@code '}, so
 * that a spreadsheet shows it as text instead of running it as a formula (CSV injection: endpoint names, error
 * messages and SQL come from outside). Numbers the report computed are written as they are, never prefixed.</li>
 * </ul>
 * Not thread-safe; one per response.
 */
final class CsvWriter {

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final StringBuilder out = new StringBuilder();

    CsvWriter row(List<?> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
        return this;
    }

    /** An empty line between tables, for people reading the file; CSV readers skip it. */
    CsvWriter blankLine() {
        out.append("\r\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** One cell as written: numbers plain (no exponent), times ISO-8601, text defused and quoted as needed. */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) ? BigDecimal.valueOf(number).stripTrailingZeros().toPlainString() : "";
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Instant) {
            return value.toString();
        }
        return quoted(defused(value.toString()));
    }

    static String defused(String text) {
        return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    private static String quoted(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + text.replace("\"", "\"\"") + '"';
            }
        }
        return text;
    }
}
