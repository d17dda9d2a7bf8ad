package dev.vigil.plugins.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.vigil.kernel.testkit.HttpResult;
import dev.vigil.kernel.testkit.Promtool;
import dev.vigil.kernel.testkit.TestServer;

/** One scrape of {@code GET /metrics} in the Prometheus text format: each sample's value by name and labels. */
final class Scrape {

    private final String text;
    private final Map<String, Double> samples = new HashMap<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                parse(line);
            }
        }
    }

    static Scrape of(TestServer server) {
        HttpResult result = server.get("/metrics", server.viewerToken());
        assertEquals(200, result.status(), result.body());
        return new Scrape(result.body());
    }

    String text() {
        return text;
    }

    /** The sample's value, or null when the scrape has no such series. Labels as name, value, name, value... */
    Double value(String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], canonical(labels[i], labels[i + 1]));
        }
        return samples.get(key(name, wanted));
    }

    /** The value, 0 when the series is absent (a counter or bucket nothing was counted in yet). */
    double valueOrZero(String name, String... labels) {
        Double value = value(name, labels);
        return value == null ? 0 : value;
    }

    /** Runs Debian's promtool on the scrape: what it prints, empty when it finds nothing to say. */
    String promtoolProblems() throws IOException, InterruptedException {
        Promtool.Result check = Promtool.checkMetrics(text);
        return check.exitCode() == 0 ? check.output() : "exit " + check.exitCode() + ": " + check.output();
    }

    private void parse(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        Map<String, String> labels = new TreeMap<>();
        String name;
        int rest;
        if (brace >= 0 && brace < space) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int equals = line.indexOf('=', i);
                String label = line.substring(i, equals);
                StringBuilder value = new StringBuilder();
                int j = equals + 2; // past ="
                while (line.charAt(j) != '"') {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char escaped = line.charAt(++j);
                        value.append(escaped == 'n' ? '\n' : escaped);
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                labels.put(label, canonical(label, value.toString()));
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            rest = i + 1;
        } else {
            name = line.substring(0, space);
            rest = space;
        }
        String[] valueAndTime = line.substring(rest).trim().split(" ");
        samples.put(key(name, labels), Double.parseDouble(valueAndTime[0]));
    }

    /** Bucket bounds compared as numbers: {@code 1} and {@code 1.0} are one bound. */
    private static String canonical(String label, String value) {
        if (!label.equals("le") || value.equals("+Inf")) {
            return value;
        }
        return Double.toString(Double.parseDouble(value));
    }

    private static String key(String name, Map<String, String> labels) {
        return name + labels;
    }
}
