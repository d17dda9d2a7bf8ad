package dev.vigil.cli;

import java.util.ArrayList;
import java.util.List;

/** {@code name   value} lines with the values aligned: one thing described field by field. */
final class KeyValues {

    private final List<String[]> lines = new ArrayList<>();

    KeyValues add(String key, Object value) {
        lines.add(new String[] {key, value == null ? "-" : Text.safe(value.toString())});
        return this;
    }

    String render(Style style) {
        int width = lines.stream().mapToInt(line -> line[0].length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String[] line : lines) {
            text.append(style.paint(Style.BOLD, line[0])).append(" ".repeat(width - line[0].length() + 2))
                    .append(line[1]).append('\n');
        }
        return text.toString();
    }
}
