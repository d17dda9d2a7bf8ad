package dev.vigil.api.http;

/**
 * The ranges the ingest routes share, so that a duration or a byte count means the same everywhere, and the one
 * guard for totals that fold many records.
 */
public final class Ranges {

    /** A day in milliseconds: anything longer is a unit mistake (seconds or microseconds sent as milliseconds). */
    public static final Range DURATION_MS = Range.of(0, 86_400_000);
    /** Things counted in one record (statements of a request, rows of a statement). */
    public static final Range COUNT = Range.of(0, 1_000_000_000);
    /** Bytes moved by one request or resource: a terabyte. */
    public static final Range BYTES = Range.of(0, 1_000_000_000_000L);

    private Ranges() {
    }

    /**
     * {@code total + value}, held at {@link Double#MAX_VALUE}: a running total must never turn into Infinity, which
     * JSON cannot carry and which would poison every average built from it.
     */
    public static double addFinite(double total, double value) {
        double sum = total + value;
        return Double.isFinite(sum) ? sum : Double.isNaN(sum) ? total : Math.copySign(Double.MAX_VALUE, sum);
    }
}
