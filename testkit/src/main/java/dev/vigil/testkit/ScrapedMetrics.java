package dev.vigil.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One scrape of a test server's {@code GET /metrics} in the Prometheus text format, as a test reads it: the value
 * of a series by name and labels, and the verdict of {@code promtool check metrics} on the whole text.
 *
 * <pre>{@code
 * ScrapedMetrics metrics = ScrapedMetrics.of(server);
 * assertEquals(2, metrics.value("vigil_errors_total", "service", "shop", "level", "error"));
 * metrics.assertPromtoolFindsNothing();
 * }</pre>
 */
public final class ScrapedMetrics {


    private record Series(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Series> series;

    private ScrapedMetrics(String text) {
        this.text = text;
        this.series = parse(text);
    }

    /** Scrapes {@code /metrics} with the viewer token, asking for the Prometheus text format. */
    public static ScrapedMetrics of(TestServer server) {
        HttpResult result = server.get("/metrics", server.viewerToken());
        if (result.status() != 200) {
            throw new AssertionError("GET /metrics answered " + result);
        }
        return new ScrapedMetrics(result.body());
    }

    /** The text as served. */
    public String text() {
        return text;
    }

    /**
     * The value of the series with exactly these labels ({@code name, value, name, value...}, in any order); empty
     * when there is none.
     */
    public OptionalDouble find(String name, String... labels) {
        Map<String, String> wanted = labels(labels);
        return series.stream().filter(s -> s.name().equals(name) && s.labels().equals(wanted))
                .mapToDouble(Series::value).findFirst();
    }

    /** As {@link #find}, failing when the series is missing. */
    public double value(String name, String... labels) {
        return find(name, labels).orElseThrow(() -> new AssertionError(
                "no series " + name + labels(labels) + " in /metrics:\n" + linesOf(name)));
    }

    /** The label sets of a family's series that carry a value (a histogram's name ends in _bucket, _sum, _count). */
    public List<Map<String, String>> labelsOf(String name) {
        return series.stream().filter(s -> s.name().equals(name)).map(Series::labels).toList();
    }

    /** The TYPE the text declares for a family ({@code counter}, {@code histogram}...), or null when none. */
    public String typeOf(String family) {
        String prefix = "# TYPE " + family + " ";
        return text.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .findFirst().orElse(null);
    }

    /** Runs {@code promtool check metrics} on the whole scrape: it must exit 0 and say nothing. */
    public void assertPromtoolFindsNothing() throws IOException, InterruptedException {
        Promtool.Result check = Promtool.checkMetrics(text);
        if (check.exitCode() != 0 || !check.output().isEmpty()) {
            throw new AssertionError("promtool check metrics exited " + check.exitCode() + ":\n" + check.output()
                                             + "\non this scrape:\n" + text);
        }
    }

    private String linesOf(String name) {
        return String.join("\n", text.lines().filter(line -> line.startsWith(name)).toList());
    }

    private static Map<String, String> labels(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.put(namesAndValues[i], canonical(namesAndValues[i], namesAndValues[i + 1]));
        }
        return labels;
    }

    /** Reads {@code name{a="x",b="y"} value} lines; comments and blank lines are skipped. */
    private static List<Series> parse(String text) {
        List<Series> all = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            Map<String, String> labels = new TreeMap<>();
            String name;
            int rest;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                rest = readLabels(line, brace + 1, labels);
            } else {
                name = line.substring(0, space);
                rest = space;
            }
            String[] tail = line.substring(rest).trim().split(" ");
            all.add(new Series(name, labels, Double.parseDouble(tail[0].replace("+Inf", "Infinity")
                                                                      .replace("-Inf", "-Infinity"))));
        }
        return all;
    }

    /** Reads label pairs from {@code start} to the closing brace; answers the index after it. */
    private static int readLabels(String line, int start, Map<String, String> into) {
        int i = start;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String name = line.substring(i, equals).trim();
            StringBuilder value = new StringBuilder();
            i = equals + 2; // past ="
            while (line.charAt(i) != '"') {
                char c = line.charAt(i);
                if (c == '\\') {
                    char next = line.charAt(++i);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                i++;
            }
            into.put(name, canonical(name, value.toString()));
            i++; // past the closing quote
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i + 1;
    }

    /** Bucket bounds compared as numbers: {@code 1} and {@code 1.0} are one bound. */
    private static String canonical(String label, String value) {
        if (!label.equals("le") || value.equals("+Inf")) {
            return value;
        }
        return Double.toString(Double.parseDouble(value));
    }
}
