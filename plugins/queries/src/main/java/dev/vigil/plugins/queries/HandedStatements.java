package dev.vigil.plugins.queries;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.events.QueryEvent;
import dev.vigil.api.http.Ranges;
import dev.vigil.api.http.TimestampWindow;
import dev.vigil.api.services.QueryIngest;

/**
 * Statements another plugin hands over (the OTLP intake) take the ingest route's path: fingerprinted, stored,
 * then grouped by request for the N+1 analysis. Those the route would refuse (a time outside the window, a number
 * out of range) are skipped, as a hand-over has nobody to answer a 400 to.
 */
final class HandedStatements implements QueryIngest {

    private final LiveConfig<QueriesConfig> config;
    private final QueryIntake intake;
    private final Clock clock;

    HandedStatements(LiveConfig<QueriesConfig> config, QueryIntake intake, Clock clock) {
        this.config = config;
        this.intake = intake;
        this.clock = clock;
    }

    @Override
    public int store(List<QueryEvent> statements, Duration timeout) {
        if (statements.isEmpty()) {
            return 0;
        }
        QueriesConfig settings = config.get();
        int maxSqlLength = settings.maxSqlLength();
        TimestampWindow window = settings.timestampWindow(clock.instant());
        List<Execution> executions = new ArrayList<>(statements.size());
        for (QueryEvent event : statements) {
            Instant time = window.admit(event.timestamp());
            Long rows = event.rows();
            if (time == null || !Ranges.DURATION_MS.contains(event.durationMs())
                    || rows != null && !Ranges.COUNT.contains(rows)) {
                continue;
            }
            Execution execution = Execution.of(event).at(time);
            if (execution.sql().length() > maxSqlLength) {
                execution = execution.withSql(execution.sql().substring(0, maxSqlLength));
            }
            executions.add(execution);
        }
        if (!executions.isEmpty()) {
            intake.storeAndWait(intake.analyse(executions), timeout);
        }
        return executions.size();
    }

    @Override
    public QueryShape shape(String sql, String database) {
        Fingerprint fingerprint = Fingerprinter.fingerprint(sql, SqlDialect.of(database));
        return new QueryShape(fingerprint.id(), fingerprint.text());
    }
}
