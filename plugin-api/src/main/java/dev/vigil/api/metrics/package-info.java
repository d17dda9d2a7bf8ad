/**
 * Metrics a plugin exposes on the server's {@code /metrics} (Prometheus text 0.0.4 and OpenMetrics 1.0): live,
 * cumulative counters, histograms and gauges, in base units, with help text. Signals stay what plugins share
 * with each other (alerts, dashboard); metrics are what the server shows to Prometheus.
 */
package dev.vigil.api.metrics;
