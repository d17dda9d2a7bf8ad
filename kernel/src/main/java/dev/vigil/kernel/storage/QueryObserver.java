package dev.vigil.kernel.storage;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.vigil.api.events.QueryEvent;
import dev.vigil.kernel.runtime.CurrentWork;
import dev.vigil.kernel.runtime.EventBusImpl;

import io.helidon.dbclient.DbClientService;
import io.helidon.dbclient.DbClientServiceContext;
import io.helidon.dbclient.DbIndexedStatementParameters;
import io.helidon.dbclient.DbNamedStatementParameters;
import io.helidon.dbclient.DbStatementParameters;

/**
 * Observes every statement a plugin runs through its DbClient and publishes it as a {@link QueryEvent}, with
 * parameters inlined (so that repeats with different values can be told from identical ones) and the request
 * it ran for. Costs nothing when no other plugin subscribes to query events.
 */
final class QueryObserver implements DbClientService {

    private static final int MAX_SQL_LENGTH = 4000;

    private final String pluginId;
    private final String database;
    private final EventBusImpl bus;
    private final Clock clock;

    QueryObserver(String pluginId, String database, EventBusImpl bus, Clock clock) {
        this.pluginId = pluginId;
        this.database = database;
        this.bus = bus;
        this.clock = clock;
    }

    @Override
    public DbClientServiceContext statement(DbClientServiceContext context) {
        if (!bus.hasSubscribersOtherThan(QueryEvent.class, pluginId)) {
            return context;
        }
        Instant start = clock.instant();
        long started = System.nanoTime();
        CurrentWork.Work work = CurrentWork.get();
        String sql = inline(context.statement(), context.statementParameters());
        context.resultFuture().whenComplete((rows, error) -> {
            double durationMs = (System.nanoTime() - started) / 1_000_000.0;
            bus.publish(new QueryEvent(start, "vigil", sql, durationMs, error == null ? rows : null,
                                       work == null ? null : work.requestId(), null,
                                       work == null ? null : work.endpoint(), database, pluginId));
        });
        return context;
    }

    static String inline(String statement, DbStatementParameters parameters) {
        String sql = statement;
        if (parameters instanceof DbIndexedStatementParameters indexed) {
            sql = inlineIndexed(statement, indexed.parameters());
        } else if (parameters instanceof DbNamedStatementParameters named) {
            sql = inlineNamed(statement, named.parameters());
        }
        return sql.length() > MAX_SQL_LENGTH ? sql.substring(0, MAX_SQL_LENGTH) : sql;
    }

    private static String inlineIndexed(String statement, List<Object> values) {
        StringBuilder sql = new StringBuilder(statement.length() + values.size() * 8);
        int next = 0;
        boolean inString = false;
        for (int i = 0; i < statement.length(); i++) {
            char c = statement.charAt(i);
            if (c == '\'') {
                inString = !inString;
            }
            if (c == '?' && !inString && next < values.size()) {
                sql.append(literal(values.get(next++)));
            } else {
                sql.append(c);
            }
        }
        return sql.toString();
    }

    private static String inlineNamed(String statement, Map<String, Object> values) {
        String sql = statement;
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            sql = sql.replaceAll(":" + java.util.regex.Pattern.quote(entry.getKey()) + "\\b",
                                 java.util.regex.Matcher.quoteReplacement(literal(entry.getValue())));
        }
        return sql;
    }

    private static String literal(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return "'" + value.toString().replace("'", "''") + "'";
    }
}
