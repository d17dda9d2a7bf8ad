package dev.vigil.plugins.queries;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.vigil.api.LiveConfig;
import dev.vigil.api.events.QueryEvent;
import dev.vigil.api.services.QueryIngest;

/**
 * Statements another plugin hands over (the OTLP intake) take the ingest route's path: fingerprinted, stored,
 * then grouped by request for the N+1 analysis.
 */
final class HandedStatements implements QueryIngest {

    private final LiveConfig<QueriesConfig> config;
    private final QueryIntake intake;

    HandedStatements(LiveConfig<QueriesConfig> config, QueryIntake intake) {
        this.config = config;
        this.intake = intake;
    }

    @Override
    public int store(List<QueryEvent> statements, Duration timeout) {
        if (statements.isEmpty()) {
            return 0;
        }
        int maxSqlLength = config.get().maxSqlLength();
        List<Execution> executions = new ArrayList<>(statements.size());
        for (QueryEvent event : statements) {
            Execution execution = Execution.of(event);
            if (execution.sql().length() > maxSqlLength) {
                execution = execution.withSql(execution.sql().substring(0, maxSqlLength));
            }
            executions.add(execution);
        }
        intake.storeAndWait(intake.analyse(executions), timeout);
        return executions.size();
    }

    @Override
    public QueryShape shape(String sql, String database) {
        Fingerprint fingerprint = Fingerprinter.fingerprint(sql, SqlDialect.of(database));
        return new QueryShape(fingerprint.id(), fingerprint.text());
    }
}
