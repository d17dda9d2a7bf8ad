package dev.vigil.api.events;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A plugin changed state: published by the kernel when a plugin starts, stops, fails or is unloaded, so that
 * others can react (the dependency scanner scans a newly dropped jar; the dashboard shows it live).
 *
 * @param state STARTED, STOPPED, FAILED or UNLOADED
 * @param file  the plugin's file in the plugins directory
 * @param error why it failed; null otherwise
 */
public record PluginEvent(Instant time, String pluginId, String version, String state, Path file, String error) {
}
