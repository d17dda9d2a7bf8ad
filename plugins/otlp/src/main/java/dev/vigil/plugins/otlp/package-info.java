/** OpenTelemetry intake: OTLP/HTTP traces, metrics and logs, handed to the request, query and error plugins. */
package dev.vigil.plugins.otlp;
