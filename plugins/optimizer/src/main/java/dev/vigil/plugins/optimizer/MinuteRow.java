package dev.vigil.plugins.optimizer;

/** One endpoint's totals for the minute starting at {@code minuteAt} (epoch ms). */
record MinuteRow(long minuteAt, EndpointKey key, MinuteTotals totals) {

    static long minuteOf(long epochMillis) {
        return Math.floorDiv(epochMillis, 60_000L) * 60_000L;
    }

    MinuteKey minuteKey() {
        return new MinuteKey(minuteAt, key);
    }

    /** An endpoint in a minute. */
    record MinuteKey(long minuteAt, EndpointKey key) {
        // Written out for the reason given in EndpointKey: generated record methods pin the class loader.
        @Override
        public boolean equals(Object other) {
            return other instanceof MinuteKey that && minuteAt == that.minuteAt && key.equals(that.key);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(minuteAt) * 31 + key.hashCode();
        }

        @Override
        public String toString() {
            return minuteAt + " " + key;
        }
    }
}
