/**
 * The {@code queries} plugin: fingerprints executed statements (ingested from applications and observed on
 * Vigil's own storage), keeps per-fingerprint and per-request figures, lists slow statements and finds N+1 and
 * repeated identical statements within requests.
 */
package dev.vigil.plugins.queries;
