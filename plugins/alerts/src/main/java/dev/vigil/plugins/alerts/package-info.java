/**
 * The alerting plugin: threshold rules over signals, the alert lifecycle (consecutive violations, escalation,
 * auto-resolve, cooldown, acknowledge), notifications with retries, silences, baselines with regression alerts,
 * trends and reports.
 */
package dev.vigil.plugins.alerts;
