/** {@code /metrics}: the plugins' and the kernel's metrics, written by the Prometheus Java client. */
package dev.vigil.kernel.metrics;
