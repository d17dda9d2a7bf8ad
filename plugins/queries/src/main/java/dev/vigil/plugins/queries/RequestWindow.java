package dev.vigil.plugins.queries;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Groups statements by request while their request is still running. A request's statements may arrive over
 * several ingest batches (an application flushes its reporter now and then) or event batches, so a request is
 * analysed only once no statement for it has arrived for {@code quiet} time, or once it has been open for
 * {@code maxAge}, or when the window is full (the request fed least recently goes first). Keyed by service and
 * request id (else trace id). Times are the server's arrival times, not the statements' own timestamps, so
 * clients with skewed clocks group the same way. Finding what is due costs only what is due. Thread-safe.
 */
final class RequestWindow {

    /** Identifies a request within a service. */
    private record Key(String service, String request) {
    }

    /** A request still collecting statements. */
    private static final class Open {
        final Key key;
        final long openedAt;
        long lastArrival;
        /** Null once closed: the entry may wait in the opening order a while, without its statements. */
        RequestQueries queries;

        Open(Key key, RequestQueries queries, long now) {
            this.key = key;
            this.queries = queries;
            this.openedAt = now;
            this.lastArrival = now;
        }
    }

    /** In access order: the request fed least recently comes first. */
    private final LinkedHashMap<Key, Open> open = new LinkedHashMap<>(256, 0.75f, true);
    /** In opening order, for the maximum age; closed entries are skipped when they come up. */
    private final ArrayDeque<Open> byOpening = new ArrayDeque<>();
    private long statements;

    /**
     * Adds statements (those without a request are ignored) and answers the requests closed early to make room:
     * more than {@code maxRequests} open, or more than {@code maxStatements} statements held.
     */
    synchronized List<RequestQueries> add(List<Statement> batch, long now, int maxRequests, long maxStatements) {
        for (Statement statement : batch) {
            String request = statement.requestKey();
            if (request == null) {
                continue;
            }
            Key key = new Key(statement.service(), request);
            Open group = open.get(key);
            if (group == null) {
                group = new Open(key, new RequestQueries(statement.service(), request), now);
                open.put(key, group);
                byOpening.add(group);
            }
            group.queries.add(statement);
            group.lastArrival = now;
            statements++;
        }
        List<RequestQueries> evicted = new ArrayList<>();
        Iterator<Open> leastRecent = open.values().iterator();
        while ((open.size() > maxRequests || statements > maxStatements) && leastRecent.hasNext()) {
            Open group = leastRecent.next();
            leastRecent.remove();
            evicted.add(close(group));
        }
        if (byOpening.size() > 2 * open.size() + 1024) {
            byOpening.removeIf(group -> group.queries == null);
        }
        return evicted;
    }

    /** Closes the requests that have been quiet for {@code quietMs}, or open for {@code maxAgeMs}. */
    synchronized List<RequestQueries> closeDue(long now, long quietMs, long maxAgeMs) {
        List<RequestQueries> due = new ArrayList<>();
        Iterator<Open> leastRecent = open.values().iterator();
        while (leastRecent.hasNext()) {
            Open group = leastRecent.next();
            if (now - group.lastArrival < quietMs) {
                break;
            }
            leastRecent.remove();
            due.add(close(group));
        }
        while (!byOpening.isEmpty()) {
            Open oldest = byOpening.peek();
            if (oldest.queries != null && now - oldest.openedAt < maxAgeMs) {
                break;
            }
            byOpening.poll();
            if (oldest.queries != null) {
                open.remove(oldest.key);
                due.add(close(oldest));
            }
        }
        return due;
    }

    synchronized List<RequestQueries> closeAll() {
        List<RequestQueries> all = new ArrayList<>(open.size());
        open.values().forEach(group -> all.add(close(group)));
        open.clear();
        byOpening.clear();
        return all;
    }

    private RequestQueries close(Open group) {
        RequestQueries queries = group.queries;
        group.queries = null;
        statements -= queries.count();
        return queries;
    }

    synchronized int openRequests() {
        return open.size();
    }

    synchronized long heldStatements() {
        return statements;
    }
}
