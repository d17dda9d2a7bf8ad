/** The example plugin: notes in a table, a greeting from config, a counting task. */
package dev.vigil.plugins.hello;
