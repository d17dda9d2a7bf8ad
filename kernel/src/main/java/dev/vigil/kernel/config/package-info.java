/** YAML config files bound to typed records, with errors that name the key; live plugin config. */
package dev.vigil.kernel.config;
