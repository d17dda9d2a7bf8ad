/** Hosting plugins: PF4J loading from private copies, start and stop with every contribution, directory watching. */
package dev.vigil.kernel.plugins;
