package dev.vigil.api.stats;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A mergeable log-bucket histogram of durations (DDSketch-style): bucket {@code i} holds the values in
 * {@code (gamma^(i-1), gamma^i]} with {@code gamma = (1 + a) / (1 - a)}, and answers them as
 * {@code 2 gamma^i / (gamma + 1)}, which is within the relative accuracy {@code a} (1%) of every value in the
 * bucket. Quantiles therefore keep that accuracy however many values were added, and two histograms merge by
 * adding their bucket counts, so per-minute histograms roll up into hours and windows without losing it.
 *
 * <p>Counts live in a dense array over the range of indexes seen (a few hundred slots for real latencies);
 * {@link #encode()} writes only the non-empty buckets, delta- and varint-coded, for storage as a blob.
 * Not thread-safe: each writer or query owns its instances. Shared by the plugins that store latencies (requests,
 * queries), so that their percentiles mean the same thing.
 */
public final class LatencyHistogram {

    public static final double RELATIVE_ACCURACY = 0.01;
    public static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    /** Durations below a nanosecond (the resolution of the kernel's timer) count as 0. */
    public static final double MIN_INDEXABLE_MS = 1e-6;

    private static final double LOG_GAMMA = Math.log(GAMMA);
    private static final byte FORMAT_VERSION = 1;

    private long zeroCount;
    private long[] counts = new long[0];
    /** The bucket index of {@code counts[0]}. */
    private int offset;
    private long total;

    public void add(double ms) {
        add(ms, 1);
    }

    public void add(double ms, long n) {
        if (!(ms >= 0) || Double.isInfinite(ms)) {
            throw new IllegalArgumentException("a duration must be a finite number >= 0: " + ms);
        }
        if (n <= 0) {
            return;
        }
        total += n;
        if (ms < MIN_INDEXABLE_MS) {
            zeroCount += n;
            return;
        }
        int index = indexOf(ms);
        ensureRange(index, index);
        counts[index - offset] += n;
    }

    public void merge(LatencyHistogram other) {
        if (other.total == 0) {
            return;
        }
        total += other.total;
        zeroCount += other.zeroCount;
        if (other.counts.length == 0) {
            return;
        }
        ensureRange(other.offset, other.offset + other.counts.length - 1);
        for (int i = 0; i < other.counts.length; i++) {
            counts[other.offset + i - offset] += other.counts[i];
        }
    }

    public long count() {
        return total;
    }

    /**
     * The value at rank {@code q * (count - 1)} (the lower of two neighbours), within 1% relative error;
     * NaN when empty.
     */
    public double quantile(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
        }
        return valueAtRank((long) (q * (total - 1)));
    }

    /**
     * The {@code rank}-th smallest value (from 0; clamped to the values there are), within 1% relative error;
     * NaN when empty. For rank conventions other than {@link #quantile}'s, such as nearest rank.
     */
    public double valueAtRank(long rank) {
        if (total == 0) {
            return Double.NaN;
        }
        long seen = zeroCount;
        if (seen > rank) {
            return 0;
        }
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen > rank) {
                return valueOf(offset + i);
            }
        }
        return valueOf(offset + counts.length - 1);
    }

    /** How many values are at least {@code thresholdMs}, deciding each bucket by its answered value. */
    public long countAtLeast(double thresholdMs) {
        long n = thresholdMs <= 0 ? zeroCount : 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && valueOf(offset + i) >= thresholdMs) {
                n += counts[i];
            }
        }
        return n;
    }

    public static int indexOf(double ms) {
        return (int) Math.ceil(Math.log(ms) / LOG_GAMMA);
    }

    public static double valueOf(int index) {
        return 2 * Math.pow(GAMMA, index) / (GAMMA + 1);
    }

    private void ensureRange(int low, int high) {
        if (counts.length == 0) {
            counts = new long[high - low + 1];
            offset = low;
            return;
        }
        int currentHigh = offset + counts.length - 1;
        if (low >= offset && high <= currentHigh) {
            return;
        }
        int newLow = Math.min(low, offset);
        int newHigh = Math.max(high, currentHigh);
        long[] grown = new long[newHigh - newLow + 1];
        System.arraycopy(counts, 0, grown, offset - newLow, counts.length);
        counts = grown;
        offset = newLow;
    }

    /** The compact form stored per minute and hour: version, zero count, then (index delta, count) pairs. */
    public byte[] encode() {
        int buckets = 0;
        for (long c : counts) {
            if (c != 0) {
                buckets++;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + buckets * 3);
        out.write(FORMAT_VERSION);
        writeVarLong(out, zeroCount);
        writeVarLong(out, buckets);
        int previous = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                int index = offset + i;
                writeVarLong(out, zigZag(index - previous));
                writeVarLong(out, counts[i]);
                previous = index;
            }
        }
        return out.toByteArray();
    }

    public static LatencyHistogram decode(byte[] bytes) {
        LatencyHistogram histogram = new LatencyHistogram();
        if (bytes == null || bytes.length == 0) {
            return histogram;
        }
        Reader in = new Reader(bytes);
        int version = bytes[in.position++];
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown histogram format " + version);
        }
        histogram.zeroCount = in.varLong();
        histogram.total = histogram.zeroCount;
        int buckets = (int) in.varLong();
        if (buckets == 0) {
            return histogram;
        }
        int[] indexes = new int[buckets];
        long[] values = new long[buckets];
        int index = 0;
        for (int b = 0; b < buckets; b++) {
            index += unZigZag(in.varLong());
            indexes[b] = index;
            values[b] = in.varLong();
        }
        histogram.offset = indexes[0];
        histogram.counts = new long[indexes[buckets - 1] - indexes[0] + 1];
        for (int b = 0; b < buckets; b++) {
            histogram.counts[indexes[b] - histogram.offset] = values[b];
            histogram.total += values[b];
        }
        return histogram;
    }

    /**
     * Adds an encoded histogram to this one. Reading many stored rows into one window is the hot path of every
     * query, so this skips building a dense intermediate histogram per row.
     */
    public void mergeEncoded(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return;
        }
        Reader in = new Reader(bytes);
        int version = bytes[in.position++];
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown histogram format " + version);
        }
        long zero = in.varLong();
        int buckets = (int) in.varLong();
        int[] indexes = new int[buckets];
        long[] values = new long[buckets];
        int index = 0;
        long added = zero;
        for (int b = 0; b < buckets; b++) {
            index += unZigZag(in.varLong());
            indexes[b] = index;
            values[b] = in.varLong();
            added += values[b];
        }
        zeroCount += zero;
        total += added;
        if (buckets == 0) {
            return;
        }
        ensureRange(indexes[0], indexes[buckets - 1]);
        for (int b = 0; b < buckets; b++) {
            counts[indexes[b] - offset] += values[b];
        }
    }

    @Override
    public String toString() {
        return "LatencyHistogram[count=" + total + ", zero=" + zeroCount + ", offset=" + offset + ", buckets="
                + Arrays.stream(counts).filter(c -> c != 0).count() + "]";
    }

    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static int unZigZag(long value) {
        return (int) ((value >>> 1) ^ -(value & 1));
    }

    private static void writeVarLong(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    /** A cursor over encoded bytes. */
    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        long varLong() {
            long value = 0;
            int shift = 0;
            while (true) {
                if (position >= bytes.length) {
                    throw new IllegalArgumentException("truncated histogram");
                }
                byte b = bytes[position++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
                shift += 7;
                if (shift > 63) {
                    throw new IllegalArgumentException("corrupt histogram varint");
                }
            }
        }
    }
}
