/** Statistics that several plugins store and must agree on. */
package dev.vigil.api.stats;
