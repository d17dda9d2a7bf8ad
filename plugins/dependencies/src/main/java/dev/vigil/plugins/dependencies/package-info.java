/**
 * The {@code dependencies} plugin: finds known-vulnerable and outdated libraries in the server's own jars, in
 * every plugin file and in paths the config lists, with OWASP dependency-check's engine and database; keeps the
 * findings per scanned target and serves them as a report with a health score.
 */
package dev.vigil.plugins.dependencies;
