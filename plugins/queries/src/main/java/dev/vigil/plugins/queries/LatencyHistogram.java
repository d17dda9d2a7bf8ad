package dev.vigil.plugins.queries;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A mergeable histogram of durations with logarithmic buckets: any percentile read from it is within 1% of the
 * true value, and histograms of different minutes merge by adding counts, so a percentile over 24 hours costs
 * the same whatever the traffic. Stored as a compact blob (zig-zag varint bucket deltas and counts).
 * Not thread-safe: each instance belongs to one writer or one reader.
 */
final class LatencyHistogram {

    /** Relative accuracy: a bucket's midpoint is within 1% of every value in it. */
    private static final double ACCURACY = 0.01;
    private static final double GAMMA = (1 + ACCURACY) / (1 - ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    /** Durations below one microsecond all count as zero. */
    private static final double MIN_MS = 0.001;
    /** Bucket indexes kept: 1 microsecond (index -346) to beyond a year (index 1200); larger values clamp. */
    private static final int MIN_INDEX = -400;
    private static final int MAX_INDEX = 1200;
    private static final int ZERO_BUCKET = Integer.MIN_VALUE;

    /** Counts by bucket index - MIN_INDEX, allocated on first use. */
    private long[] counts;
    private long zeros;
    private long total;

    void add(double durationMs) {
        add(bucket(durationMs), 1);
    }

    private void add(int bucket, long count) {
        if (bucket == ZERO_BUCKET) {
            zeros += count;
        } else {
            if (counts == null) {
                counts = new long[MAX_INDEX - MIN_INDEX + 1];
            }
            counts[Math.clamp(bucket, MIN_INDEX, MAX_INDEX) - MIN_INDEX] += count;
        }
        total += count;
    }

    void merge(LatencyHistogram other) {
        zeros += other.zeros;
        total += other.total;
        if (other.counts != null) {
            if (counts == null) {
                counts = Arrays.copyOf(other.counts, other.counts.length);
            } else {
                for (int i = 0; i < counts.length; i++) {
                    counts[i] += other.counts[i];
                }
            }
        }
    }

    long count() {
        return total;
    }

    /** The value at quantile {@code q} (0..1) by nearest rank; 0 when empty. */
    double quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = zeros;
        if (seen >= rank || counts == null) {
            return 0;
        }
        int last = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                seen += counts[i];
                last = i;
                if (seen >= rank) {
                    return value(i + MIN_INDEX);
                }
            }
        }
        return value(last + MIN_INDEX);
    }

    private static int bucket(double durationMs) {
        if (!(durationMs >= MIN_MS)) {
            return ZERO_BUCKET;
        }
        return (int) Math.ceil(Math.log(durationMs) / LOG_GAMMA);
    }

    private static double value(int bucket) {
        return 2 * Math.pow(GAMMA, bucket) / (GAMMA + 1);
    }

    byte[] toBytes() {
        int used = zeros > 0 ? 1 : 0;
        if (counts != null) {
            for (long count : counts) {
                used += count > 0 ? 1 : 0;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + used * 3);
        writeVarint(out, used);
        long previous = 0;
        if (zeros > 0) {
            writeVarint(out, zigZag((long) ZERO_BUCKET - previous));
            writeVarint(out, zeros);
            previous = ZERO_BUCKET;
        }
        if (counts != null) {
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    long bucket = i + MIN_INDEX;
                    writeVarint(out, zigZag(bucket - previous));
                    writeVarint(out, counts[i]);
                    previous = bucket;
                }
            }
        }
        return out.toByteArray();
    }

    static LatencyHistogram fromBytes(byte[] bytes) {
        LatencyHistogram histogram = new LatencyHistogram();
        histogram.mergeBytes(bytes);
        return histogram;
    }

    /** Adds a stored histogram's counts, without building it first. */
    void mergeBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return;
        }
        int[] at = {0};
        long size = readVarint(bytes, at);
        long bucket = 0;
        for (long i = 0; i < size; i++) {
            bucket += unZigZag(readVarint(bytes, at));
            add((int) bucket, readVarint(bytes, at));
        }
    }

    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarint(byte[] bytes, int[] at) {
        long value = 0;
        int shift = 0;
        while (at[0] < bytes.length) {
            byte b = bytes[at[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
            if (shift > 63) {
                break;
            }
        }
        throw new IllegalArgumentException("truncated histogram");
    }
}
