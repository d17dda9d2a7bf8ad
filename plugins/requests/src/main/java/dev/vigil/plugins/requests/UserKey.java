package dev.vigil.plugins.requests;

/** An hour (start, epoch millis) of one user of one service: the key of a user row. */
record UserKey(long hour, String service, String user) {
}
