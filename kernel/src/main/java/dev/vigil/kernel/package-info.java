/** The Vigil server: main, settings, startup and shutdown in order. */
package dev.vigil.kernel;
