package io.overlap.bench;

/**
 * A log-linear histogram of nanosecond latencies: 128 sub-buckets per power of two, so a
 * reported percentile is within 1 % of the recorded value. Fixed size; recording allocates
 * nothing.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 7;
    private static final int SUB = 1 << SUB_BITS;
    private static final int MAX_EXP = 41; // up to 2^41 ns, about 36 minutes

    private final long[] counts = new long[MAX_EXP * SUB];
    private long count;
    private long max;
    private double sum;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        count++;
        sum += v;
        if (v > max) {
            max = v;
        }
    }

    long count() {
        return count;
    }

    long max() {
        return max;
    }

    double mean() {
        return count == 0 ? 0 : sum / count;
    }

    /**
     * @param p a fraction in (0, 1]
     * @return the value at that quantile (the midpoint of its bucket), 0 when empty
     */
    long quantile(double p) {
        if (count == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p * count);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return Math.min(max, midpoint(i));
            }
        }
        return max;
    }

    private static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS
        int shift = exp - SUB_BITS;
        int bucket = (shift + 1) * SUB + (int) ((v >>> shift) - SUB);
        return Math.min(bucket, MAX_EXP * SUB - 1);
    }

    private static long midpoint(int index) {
        if (index < SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long low = (long) (SUB + index % SUB) << shift;
        return low + ((1L << shift) >>> 1);
    }
}
