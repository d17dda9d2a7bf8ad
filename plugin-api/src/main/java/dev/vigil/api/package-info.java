/** The contract between the Vigil kernel and its plugins: the extension point, the context a plugin is handed, scheduled tasks, subscriptions, signals, services and jobs. */
package dev.vigil.api;
