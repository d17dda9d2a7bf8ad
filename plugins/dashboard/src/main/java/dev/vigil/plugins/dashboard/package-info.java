/**
 * The dashboard plugin: the web app served at {@code /} (bundled from {@code web/} at build time), the live event
 * stream for it, and browser monitoring ({@code /vigil.js} and per-page Web Vitals).
 */
package dev.vigil.plugins.dashboard;
