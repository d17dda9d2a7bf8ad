/** HTTP for plugins: declaring routes with roles, JSON with the API's conventions, ingest batches, errors clients see. */
package dev.vigil.api.http;
