/** The server's log: one line per event, as text or JSON, with values from outside escaped. */
package dev.vigil.kernel.logging;
