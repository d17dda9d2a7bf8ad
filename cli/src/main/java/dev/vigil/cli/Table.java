package dev.vigil.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Aligned columns: a header line, then one line per row, two spaces between columns, numbers right-aligned,
 * the last column left ragged. Widths are measured on the plain text; colour is added after padding.
 */
final class Table {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final Set<Integer> right = new HashSet<>();
    private final java.util.Map<Integer, Function<String, String>> colours = new java.util.HashMap<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Right-aligns these columns (numbers). */
    Table right(int... columns) {
        for (int column : columns) {
            right.add(column);
        }
        return this;
    }

    /** Colours a column's cells by their text (see {@link Style#colourOf}). */
    Table colour(int column, Function<String, String> colourOf) {
        colours.put(column, colourOf);
        return this;
    }

    /** A row; null cells read "-", every cell is made safe for a terminal. */
    Table row(Object... cells) {
        List<String> row = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            Object cell = i < cells.length ? cells[i] : null;
            row.add(cell == null ? "-" : Text.safe(cell.toString()));
        }
        rows.add(row);
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render(Style style) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, headers, widths, style, true);
        for (List<String> row : rows) {
            line(text, row, widths, style, false);
        }
        return text.toString();
    }

    private void line(StringBuilder text, List<String> cells, int[] widths, Style style, boolean header) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            boolean last = i == cells.size() - 1;
            String padded = last && !right.contains(i) ? cell : pad(cell, widths[i], right.contains(i));
            String code = header ? Style.BOLD : colours.containsKey(i) ? colours.get(i).apply(cell) : null;
            line.append(style.paint(code, padded));
            if (!last) {
                line.append("  ");
            }
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    private static String pad(String cell, int width, boolean alignRight) {
        String spaces = " ".repeat(Math.max(0, width - cell.length()));
        return alignRight ? spaces + cell : cell + spaces;
    }
}
