package dev.vigil.plugins.requests;

/** Epoch-millisecond arithmetic on minutes and hours. */
final class Periods {

    static final long MINUTE = 60_000;
    static final long HOUR = 3_600_000;

    private Periods() {
    }

    static long floor(long millis, long period) {
        return millis - Math.floorMod(millis, period);
    }

    static long ceil(long millis, long period) {
        long floor = floor(millis, period);
        return floor == millis ? millis : floor + period;
    }
}
