package dev.vigil.plugins.reports;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * A {@link Report} as CSV: one table per section, each with its header row, every row starting with a
 * {@code section} column, tables apart by an empty line. The names mirror the JSON: a section's figures are the table
 * {@code requests} ({@code section,metric,value}; nested figures as {@code cpu_percent.avg},
 * {@code events_by_level.error}), a list within it the table {@code requests.slowest_endpoints} with one column per
 * field. The report's own figures are the table {@code report}; the sections left out, the table {@code missing}.
 * Walking the records keeps CSV and JSON the same by construction.
 */
final class CsvReport {

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final List<String> METRIC_HEADER = List.of("section", "metric", "value");

    private CsvReport() {
    }

    static String of(Report report) {
        CsvWriter csv = new CsvWriter();
        List<List<Object>> figures = new ArrayList<>();
        figures.add(List.of("report", "type", report.type()));
        figures.add(List.of("report", "generated_at", report.generatedAt()));
        flatten("report", "window", report.window(), figures);
        table(csv, METRIC_HEADER, figures);
        for (RecordComponent component : Report.class.getRecordComponents()) {
            Object value = read(component, report);
            if (value instanceof Record section && component.getType() != Report.Window.class) {
                section(csv, name(component), section);
            }
        }
        list(csv, "missing", Report.Missing.class, report.missing());
        return csv.toString();
    }

    /** A section's figures as one table, then each of its lists as a table of its own. */
    private static void section(CsvWriter csv, String name, Record section) {
        List<List<Object>> figures = new ArrayList<>();
        List<RecordComponent> lists = new ArrayList<>();
        for (RecordComponent component : section.getClass().getRecordComponents()) {
            if (List.class.isAssignableFrom(component.getType())) {
                lists.add(component);
            } else {
                flatten(name, name(component), read(component, section), figures);
            }
        }
        table(csv, METRIC_HEADER, figures);
        for (RecordComponent component : lists) {
            List<?> rows = (List<?>) read(component, section);
            if (rows != null) { // a list a summary does not hold
                list(csv, name + "." + name(component), elementType(component), rows);
            }
        }
    }

    /** One metric row per scalar; nested records and maps flattened with a dot, as their JSON paths. */
    private static void flatten(String section, String metric, Object value, List<List<Object>> rows) {
        if (value instanceof Record nested) {
            for (RecordComponent component : nested.getClass().getRecordComponents()) {
                flatten(section, metric + "." + name(component), read(component, nested), rows);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, each) -> flatten(section, metric + "." + key, each, rows));
        } else {
            List<Object> row = new ArrayList<>(3);
            row.add(section);
            row.add(metric);
            row.add(value);
            rows.add(row);
        }
    }

    /** A list of records: a header of their fields (written even when the list is empty), then a row each. */
    private static void list(CsvWriter csv, String table, Class<?> type, List<?> items) {
        List<String> header = new ArrayList<>();
        header.add("section");
        RecordComponent[] components = type.getRecordComponents();
        for (RecordComponent component : components) {
            String column = name(component);
            // The first column is the table's name: a field called "section" is told apart from it.
            header.add(column.equals("section") ? table + "_section" : column);
        }
        List<List<Object>> rows = new ArrayList<>();
        for (Object item : items) {
            List<Object> row = new ArrayList<>();
            row.add(table);
            for (RecordComponent component : components) {
                Object value = read(component, item);
                row.add(value instanceof Map<?, ?> map ? labels(map) : value);
            }
            rows.add(row);
        }
        table(csv, header, rows);
    }

    private static void table(CsvWriter csv, List<String> header, List<List<Object>> rows) {
        csv.row(header);
        rows.forEach(csv::row);
        csv.blankLine();
    }

    /** A map in one cell ({@code key=value; key=value}, sorted): an alert's labels. */
    private static String labels(Map<?, ?> map) {
        StringJoiner joined = new StringJoiner("; ");
        new TreeMap<>(map).forEach((key, value) -> joined.add(key + "=" + value));
        return joined.toString();
    }

    /** The JSON name: the server's mapper writes snake_case. */
    private static String name(RecordComponent component) {
        return SNAKE.translate(component.getName());
    }

    private static Class<?> elementType(RecordComponent component) {
        Type type = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
        return (Class<?>) type;
    }

    private static Object read(RecordComponent component, Object owner) {
        try {
            return component.getAccessor().invoke(owner);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
