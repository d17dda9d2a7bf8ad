package dev.vigil.api.events;

/** Severity of an error event, lowest first. */
public enum ErrorLevel {
    DEBUG, INFO, WARNING, ERROR, CRITICAL
}
