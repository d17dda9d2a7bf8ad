/** Combined performance reports (summary and detailed, JSON and CSV) from the other plugins' read services. */
package dev.vigil.plugins.reports;
