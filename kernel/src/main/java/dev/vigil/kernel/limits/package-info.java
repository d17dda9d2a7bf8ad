/**
 * Per-token limits: ingest rates (records and bytes per second, token buckets), the bound on open live answers,
 * and ending those answers when their token is revoked. {@link dev.vigil.kernel.limits.TokenGuard} is the one entry
 * the dispatcher calls; plugins reach it through {@code TokenGrant} and {@code IngestAllowance} in plugin-api.
 */
package dev.vigil.kernel.limits;
