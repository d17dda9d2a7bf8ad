/**
 * Request metrics: per-endpoint latency percentiles, throughput, 4xx/5xx rates and slow requests, from Vigil's own
 * traffic and from records monitored applications ingest.
 */
package dev.vigil.plugins.requests;
