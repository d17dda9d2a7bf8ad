package dev.vigil.plugins.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * A report's CSV read back with a real CSV reader (jackson-dataformat-csv), split into its tables, and checked
 * against the JSON of the same report: every figure, row and cell, and nothing more.
 */
final class CsvTables {

    /** One table: its header and its rows, each row by column name. */
    record Table(List<String> header, List<Map<String, String>> rows) {

        /** The value of a section-figures table's metric. */
        String metric(String name) {
            return rows.stream().filter(r -> r.get("metric").equals(name)).map(r -> r.get("value")).findFirst()
                    .orElseThrow(() -> new AssertionError("no metric " + name + " in " + rows));
        }
    }

    private final Map<String, Table> tables;

    private CsvTables(Map<String, Table> tables) {
        this.tables = tables;
    }

    static CsvTables parse(String csv) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        Map<String, Table> tables = new LinkedHashMap<>();
        List<String> header = null;
        try (MappingIterator<String[]> rows = mapper.readerFor(String[].class).with(CsvSchema.emptySchema())
                .readValues(csv)) {
            while (rows.hasNext()) {
                String[] row = rows.next();
                if (row[0].equals("section")) {
                    header = List.of(row);
                    continue;
                }
                assertTrue(header != null, "a header comes first");
                assertEquals(header.size(), row.length, "every row has its header's columns: " + List.of(row));
                Map<String, String> cells = new LinkedHashMap<>();
                for (int i = 0; i < row.length; i++) {
                    cells.put(header.get(i), row[i]);
                }
                List<String> tableHeader = header;
                Table table = tables.computeIfAbsent(row[0], name -> new Table(tableHeader, new ArrayList<>()));
                assertEquals(table.header(), header, "one header per table: " + row[0]);
                table.rows().add(cells);
            }
        }
        return new CsvTables(tables);
    }

    Table table(String name) {
        Table table = tables.get(name);
        if (table == null) {
            fail("no table " + name + " among " + tables.keySet());
        }
        return table;
    }

    Set<String> names() {
        return tables.keySet();
    }

    boolean has(String name) {
        return tables.containsKey(name);
    }

    /**
     * Every figure and list of the JSON report is in the CSV with the same value, and the CSV holds nothing else.
     *
     * @param skipped JSON paths left out of the comparison (figures that may differ between two requests)
     */
    void assertMatches(JsonNode report, Set<String> skipped) {
        Map<String, Map<String, String>> expectedFigures = new TreeMap<>();
        Map<String, JsonNode> expectedLists = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = report.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (key.equals("missing")) {
                expectedLists.put("missing", field.getValue());
            } else if (field.getValue().isObject() && !key.equals("window")) {
                collect(key, "", field.getValue(), expectedFigures, expectedLists, skipped);
            } else {
                collectFigure("report", key, field.getValue(), expectedFigures, skipped);
            }
        }
        Map<String, Map<String, String>> actualFigures = new TreeMap<>();
        for (Map.Entry<String, Table> table : tables.entrySet()) {
            if (table.getValue().header().equals(List.of("section", "metric", "value"))) {
                Map<String, String> figures = new TreeMap<>();
                for (Map<String, String> row : table.getValue().rows()) {
                    String path = "/" + (table.getKey().equals("report") ? "" : table.getKey() + "/")
                            + row.get("metric").replace('.', '/');
                    if (!skipped.contains(path)) {
                        figures.put(row.get("metric"), row.get("value"));
                    }
                }
                actualFigures.put(table.getKey(), figures);
            }
        }
        assertEquals(expectedFigures.keySet(), actualFigures.keySet(), "the sections' figure tables");
        for (String section : expectedFigures.keySet()) {
            Map<String, String> expected = expectedFigures.get(section);
            Map<String, String> actual = actualFigures.get(section);
            assertEquals(expected.keySet(), actual.keySet(), section + ": the same figures");
            expected.forEach((metric, value) -> assertSame(value, actual.get(metric), section + " " + metric));
        }
        for (Map.Entry<String, JsonNode> list : expectedLists.entrySet()) {
            JsonNode items = list.getValue();
            if (items.isEmpty()) {
                assertTrue(!has(list.getKey()), list.getKey() + " has no rows");
                continue;
            }
            Table table = table(list.getKey());
            assertEquals(items.size(), table.rows().size(), list.getKey() + ": a row per item");
            for (int i = 0; i < items.size(); i++) {
                Map<String, String> row = table.rows().get(i);
                Iterator<Map.Entry<String, JsonNode>> cells = items.get(i).fields();
                int columns = 1;
                while (cells.hasNext()) {
                    Map.Entry<String, JsonNode> cell = cells.next();
                    String column = cell.getKey().equals("section") ? list.getKey() + "_section" : cell.getKey();
                    assertTrue(row.containsKey(column), list.getKey() + " has a column " + column);
                    assertSame(text(cell.getValue()), row.get(column), list.getKey() + "[" + i + "]." + column);
                    columns++;
                }
                assertEquals(columns, row.size(), list.getKey() + ": no column beyond the JSON's");
            }
        }
    }

    private static void collect(String section, String prefix, JsonNode node, Map<String, Map<String, String>> figures,
                                Map<String, JsonNode> lists, Set<String> skipped) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = prefix + field.getKey();
            if (field.getValue().isArray()) {
                lists.put(section + "." + name, field.getValue());
            } else if (field.getValue().isObject()) {
                collect(section, name + ".", field.getValue(), figures, lists, skipped);
            } else {
                collectFigure(section, name, field.getValue(), figures, skipped);
            }
        }
        figures.computeIfAbsent(section, s -> new TreeMap<>());
    }

    private static void collectFigure(String section, String name, JsonNode value,
                                      Map<String, Map<String, String>> figures, Set<String> skipped) {
        if (value.isObject()) { // the window
            value.fields().forEachRemaining(e -> collectFigure(section, name + "." + e.getKey(), e.getValue(),
                                                               figures, skipped));
            return;
        }
        String path = "/" + (section.equals("report") ? "" : section + "/") + name.replace('.', '/');
        if (!skipped.contains(path)) {
            figures.computeIfAbsent(section, s -> new TreeMap<>()).put(name, text(value));
        }
    }

    /** A JSON value as the CSV should hold it: null empty, text defused, an object as key=value pairs. */
    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isObject()) {
            Map<String, String> sorted = new TreeMap<>();
            value.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue().asText()));
            StringJoiner joined = new StringJoiner("; ");
            sorted.forEach((k, v) -> joined.add(k + "=" + v));
            return joined.toString();
        }
        if (value.isTextual()) {
            return CsvWriter.defused(value.asText());
        }
        return value.asText();
    }

    /** Numbers compare as numbers (JSON writes 3.0 where the CSV writes 3.0 or 3), text exactly. */
    private static void assertSame(String expected, String actual, String what) {
        if (isNumber(expected) && isNumber(actual)) {
            assertEquals(Double.parseDouble(expected), Double.parseDouble(actual), 0, what);
        } else {
            assertEquals(expected, actual, what);
        }
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return !text.isBlank();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
