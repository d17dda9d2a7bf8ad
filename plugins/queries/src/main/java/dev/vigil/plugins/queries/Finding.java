package dev.vigil.plugins.queries;

/**
 * What one request showed about one fingerprint.
 *
 * @param repeats how many times the statement ran in the request (for REPEATED_IDENTICAL: with the same values)
 * @param timeMs  the time those runs took together
 */
record Finding(Kind kind, String fingerprint, String exampleSql, int repeats, double timeMs) {

    /** N+1: one shape run again and again with other values; REPEATED_IDENTICAL: the very same statement. */
    enum Kind { N_PLUS_ONE, REPEATED_IDENTICAL }
}
