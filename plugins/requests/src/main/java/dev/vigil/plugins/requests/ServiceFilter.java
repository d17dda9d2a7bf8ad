package dev.vigil.plugins.requests;

import java.util.List;

import dev.vigil.api.events.RequestEvent;

/**
 * Which services' figures a read takes: one by name, every one, or every one but a left-out service (Vigil's own,
 * kept out of the overall figures unless {@code own-traffic-in-overall}).
 *
 * @param only    the one service to read, or null
 * @param leftOut the service not to read when reading all, or null
 */
record ServiceFilter(String only, String leftOut) {

    static final ServiceFilter ALL = new ServiceFilter(null, null);

    /** A route's filter: the {@code service} asked for, else all services, Vigil's own only if so configured. */
    static ServiceFilter of(String service, boolean ownTrafficInOverall) {
        if (service != null) {
            return new ServiceFilter(service, null);
        }
        return ownTrafficInOverall ? ALL : new ServiceFilter(null, RequestEvent.OWN_SERVICE);
    }

    /** The filter as a SQL condition on a {@code service} column, appended with its parameter. */
    void appendTo(StringBuilder sql, List<Object> params) {
        if (only != null) {
            sql.append(" AND service = ?");
            params.add(only);
        } else if (leftOut != null) {
            sql.append(" AND service <> ?");
            params.add(leftOut);
        }
    }

    boolean includes(String service) {
        return only != null ? only.equals(service) : !service.equals(leftOut);
    }
}
