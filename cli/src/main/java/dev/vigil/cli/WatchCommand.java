package dev.vigil.cli;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil watch}: a live view of the traffic and the active alerts. */
@Command(name = "watch", header = "A live view: top endpoints, p95, error rates, alerts", mixinStandardHelpOptions = true,
        description = {"A live view: requests, overall p95 and error rates, the top endpoints with their p95 and "
                + "error rate, and the active alerts, redrawn every --interval (viewer token).",
            "On a terminal the screen is redrawn until Ctrl-C; otherwise each snapshot is printed after a "
                    + "separator line (with --output json: one JSON document per line)."})
final class WatchCommand extends ClientCommand {

    private static final String CLEAR = "\u001b[H\u001b[2J";

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Time between snapshots (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
            description = "Stop after N snapshots (default: until interrupted).")
    int count;

    @Option(names = "--once", description = "One snapshot, then exit (the same as --count 1).")
    boolean once;

    @Option(names = "--hours", paramLabel = "N", defaultValue = "1",
            description = "The window the figures cover: the last N hours (default ${DEFAULT-VALUE}).")
    int hours;

    @Option(names = "--service", paramLabel = "NAME", description = "One service only (default: every service "
            + "but Vigil's own).")
    String service;

    @Override
    public Integer call() {
        if (count < 0 || interval.isNegative() || interval.isZero()) {
            throw Failure.usage("watch: --count must be 0 or more and --interval more than 0");
        }
        int snapshots = once ? 1 : count;
        boolean terminal = environment().terminal();
        for (int taken = 0; snapshots == 0 || taken < snapshots; taken++) {
            if (taken > 0) {
                sleep();
            }
            ObjectNode snapshot = snapshot();
            if (json()) {
                printJson(snapshot);
            } else if (terminal) {
                out().print(CLEAR + render(snapshot));
            } else {
                if (taken > 0) {
                    out().println("-".repeat(72));
                }
                out().print(render(snapshot));
            }
            out().flush();
        }
        return ExitCodes.OK;
    }

    /** What the server says now; a panel whose plugin cannot answer carries the server's reason instead. */
    ObjectNode snapshot() {
        ObjectNode snapshot = Json.object();
        snapshot.put("time", now().truncatedTo(ChronoUnit.SECONDS).toString());
        snapshot.put("url", target().url());
        snapshot.put("hours", hours);
        Map<String, Object> query = VigilClient.parameters();
        query.put("hours", hours);
        query.put("service", service);
        snapshot.set("requests", panel("/api/v1/requests/summary" + VigilClient.query(query)));
        snapshot.set("alerts", panel("/api/v1/alerts?active_only=true"));
        return snapshot;
    }

    private JsonNode panel(String path) {
        Answer answer = client().exchange("GET", path, null);
        if (answer.ok()) {
            return answer.json();
        }
        return Json.object().put("error", ErrorAnswer.describe(answer));
    }

    String render(JsonNode snapshot) {
        Style style = style();
        StringBuilder text = new StringBuilder();
        text.append(style.paint(Style.BOLD, "vigil watch")).append("  ").append(Text.safe(snapshot.path("url")
                .asText())).append("  ").append(snapshot.path("time").asText()).append("  (last ").append(hours)
                .append("h, every ").append(interval.toMillis() < 1000 ? interval.toMillis() + "ms"
                        : Human.duration(interval.toSeconds())).append(")\n\n");
        JsonNode requests = snapshot.path("requests");
        if (requests.has("error")) {
            text.append("requests: ").append(Text.safe(requests.path("error").asText())).append('\n');
        } else {
            long total = Json.whole(requests, "total");
            text.append("requests ").append(Human.count(total)).append(" (")
                    .append(Human.number(Json.number(requests, "throughput_rps"))).append("/s)  p50 ")
                    .append(Human.ms(Json.number(requests, "p50_ms"))).append("  p95 ")
                    .append(style.paint(Style.BOLD, Human.ms(Json.number(requests, "p95_ms")))).append("  p99 ")
                    .append(Human.ms(Json.number(requests, "p99_ms"))).append("  5xx ")
                    .append(Human.percent(Json.number(requests, "server_error_rate_percent"))).append("  4xx ")
                    .append(Human.percent(Json.number(requests, "client_error_rate_percent"))).append("  health ")
                    .append(style.paint(Style.colourOf(Json.text(requests, "health", "")),
                                        Json.text(requests, "health", "?"))).append('\n');
            JsonNode top = requests.path("top_by_count");
            if (!top.isEmpty()) {
                Table table = new Table("ENDPOINT", "SERVICE", "REQUESTS", "P95", "5XX", "4XX").right(2, 3, 4, 5);
                for (JsonNode endpoint : top) {
                    table.row(Json.text(endpoint, "method", "?") + " " + Json.text(endpoint, "endpoint", "?"),
                              Json.text(endpoint, "service", "?"), Human.count(Json.whole(endpoint, "count")),
                              Human.ms(Json.number(endpoint, "p95_ms")),
                              Human.percent(Json.number(endpoint, "server_error_rate_percent")),
                              Human.percent(Json.number(endpoint, "client_error_rate_percent")));
                }
                text.append('\n').append(table.render(style));
            }
        }
        text.append('\n');
        JsonNode alerts = snapshot.path("alerts");
        if (alerts.has("error")) {
            text.append("alerts: ").append(Text.safe(alerts.path("error").asText())).append('\n');
        } else {
            JsonNode active = alerts.path("alerts");
            long critical = 0;
            for (JsonNode alert : active) {
                critical += "critical".equals(Json.text(alert, "severity", "")) ? 1 : 0;
            }
            text.append("active alerts: ").append(active.size());
            if (!active.isEmpty()) {
                text.append(" (").append(style.paint(critical > 0 ? Style.RED : null, critical + " critical"))
                        .append(", ").append(active.size() - critical).append(" warning)\n")
                        .append(AlertsCommand.table(active, now()).render(style));
            } else {
                text.append('\n');
            }
        }
        return text.toString();
    }

    private void sleep() {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Failure.failed("interrupted");
        }
    }
}
