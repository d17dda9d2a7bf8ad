/** What plugins run on: the scheduler, the event bus, signals, services, jobs and failure accounting. */
package dev.vigil.kernel.runtime;
