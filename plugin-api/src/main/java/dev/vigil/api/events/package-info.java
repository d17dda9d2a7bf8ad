/** Events plugins share on the bus: requests, queries, errors, alerts and plugin state changes. */
package dev.vigil.api.events;
