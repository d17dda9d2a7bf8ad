/**
 * Host and process resources through OSHI: a sampling task, stored history with downsampling, signals, a health
 * level from thresholds, and the {@link dev.vigil.api.services.ResourceHistory} service.
 */
package dev.vigil.plugins.system;
