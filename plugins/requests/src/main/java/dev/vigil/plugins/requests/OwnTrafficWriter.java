package dev.vigil.plugins.requests;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.vigil.api.events.RequestEvent;
import dev.vigil.api.storage.Storage;

/** Stores a batch of the own-traffic queue: raw rows as they are, figures merged into this writer's rows. */
final class OwnTrafficWriter implements Storage.BatchWriter<OwnTraffic> {

    private final RecordWriter figures;

    /** @param writerId identifies the figure rows this writer owns */
    OwnTrafficWriter(long writerId) {
        this.figures = new RecordWriter(writerId);
    }

    @Override
    public void write(Connection connection, List<OwnTraffic> batch) throws SQLException {
        List<RequestEvent> raw = new ArrayList<>();
        Map<PeriodKey, RequestStats> minutes = new HashMap<>();
        Map<UserKey, RequestStats> users = new HashMap<>();
        for (OwnTraffic item : batch) {
            switch (item) {
                case OwnTraffic.Raw r -> raw.add(r.record());
                case OwnTraffic.Minute m -> minutes.computeIfAbsent(m.key(), k -> new RequestStats()).merge(m.stats());
                case OwnTraffic.User u -> users.computeIfAbsent(u.key(), k -> new RequestStats()).merge(u.stats());
            }
        }
        if (!raw.isEmpty()) {
            RecordWriter.insertRaw(connection, RecordWriter.byTime(raw));
        }
        figures.addFigures(connection, minutes, users);
    }
}
