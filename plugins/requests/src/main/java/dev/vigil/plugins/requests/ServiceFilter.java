package dev.vigil.plugins.requests;

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

    boolean includes(String service) {
        return only != null ? only.equals(service) : !service.equals(leftOut);
    }
}
