package dev.vigil.plugins.requests;

/** A period (minute or hour start, epoch millis) of one endpoint: the key of a figure row. */
record PeriodKey(long start, EndpointKey endpoint) {
}
