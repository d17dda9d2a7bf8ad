package dev.vigil.plugins.reports;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.vigil.api.http.ApiException;
import dev.vigil.api.http.JsonSupport;
import dev.vigil.api.http.QueryParams;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code GET /api/v1/reports?type=&hours=&format=}: reads the parameters, builds the report, answers JSON or CSV. */
final class ReportsRoutes {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int DEFAULT_HOURS = 24;

    private final Supplier<ReportsConfig> config;
    private final ReportBuilder builder;
    private final JsonSupport json;
    private final Clock clock;

    ReportsRoutes(Supplier<ReportsConfig> config, ReportBuilder builder, JsonSupport json, Clock clock) {
        this.config = config;
        this.builder = builder;
        this.json = json;
        this.clock = clock;
    }

    void report(ServerRequest request, ServerResponse response) {
        ReportsConfig settings = config.get();
        String type = QueryParams.oneOf(request, "type", Report.SUMMARY, Set.of(Report.SUMMARY, Report.DETAILED));
        String format = QueryParams.oneOf(request, "format", "json", Set.of("json", "csv"));
        int hours = hours(QueryParams.string(request, "hours"), settings.maxHours());
        Instant now = clock.instant();
        Report report = builder.build(type, hours, now, settings.detailedMaxRows());
        if (format.equals("json")) {
            json.send(response, report);
            return;
        }
        response.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8");
        response.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"vigil-report-" + type + "-"
                + FILE_TIME.format(now) + ".csv\"");
        response.send(CsvReport.of(report).getBytes(StandardCharsets.UTF_8));
    }

    /** Whole hours from 1 to the longest window; anything else is a 400 that says what is allowed and why. */
    static int hours(Optional<String> raw, int maxHours) {
        if (raw.isEmpty()) {
            return Math.min(DEFAULT_HOURS, maxHours);
        }
        String allowed = "must be a whole number of hours from 1 to " + maxHours + " (the longest window: the "
                + "retention of the figures a report reads, max-hours in config/plugins/reports.yaml)";
        int hours;
        try {
            hours = Integer.parseInt(raw.get().trim());
        } catch (NumberFormatException e) {
            throw invalidHours(allowed + ", got '" + raw.get() + "'");
        }
        if (hours < 1 || hours > maxHours) {
            throw invalidHours(allowed + ", got " + hours);
        }
        return hours;
    }

    private static ApiException invalidHours(String problem) {
        return new ApiException(400, "invalid_parameter", "query parameter 'hours' " + problem,
                                Map.of("parameter", "hours"), null);
    }
}
