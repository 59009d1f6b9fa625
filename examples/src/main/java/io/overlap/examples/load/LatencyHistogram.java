package io.overlap.examples.load;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Round-trip latencies in microseconds, recorded from any thread without locks, in log-linear
 * buckets: exact below {@value #LINEAR} us, then 32 buckets per power of two (under 3.2 %
 * error), up to 2^41 us. Snapshots can be subtracted to get one interval's distribution.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    static final int LINEAR = 2 * SUB;
    private static final int MAX_EXP = 40;
    static final int BUCKETS = LINEAR + (MAX_EXP - SUB_BITS) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final LongAdder sum = new LongAdder();
    private final AtomicLong max = new AtomicLong();

    /** @param micros one latency */
    void record(long micros) {
        long v = Math.max(0, micros);
        counts.incrementAndGet(index(v));
        sum.add(v);
        if (v > max.get()) {
            max.accumulateAndGet(v, Math::max);
        }
    }

    /** @return the counts so far */
    Snapshot snapshot() {
        long[] c = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            c[i] = counts.get(i);
        }
        return new Snapshot(c, sum.sum(), max.get());
    }

    static int index(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int exp = 63 - Long.numberOfLeadingZeros(v);
        if (exp > MAX_EXP) {
            return BUCKETS - 1;
        }
        int sub = (int) (v >>> (exp - SUB_BITS)) - SUB;
        return LINEAR + (exp - SUB_BITS - 1) * SUB + sub;
    }

    static long lowerBound(int index) {
        if (index < LINEAR) {
            return index;
        }
        int group = (index - LINEAR) / SUB;
        int sub = (index - LINEAR) % SUB;
        return (long) (sub + SUB) << (group + 1);
    }

    /** @return the value a bucket stands for: the middle of its range */
    static long representative(int index) {
        if (index < LINEAR) {
            return index;
        }
        long width = 1L << ((index - LINEAR) / SUB + 1);
        return lowerBound(index) + (width - 1) / 2;
    }

    /** A copy of the counts at one moment. */
    static final class Snapshot {
        private final long[] counts;
        private final long total;
        private final long sum;
        private final long max;

        Snapshot(long[] counts, long sum, long max) {
            this.counts = counts;
            long t = 0;
            for (long c : counts) {
                t += c;
            }
            this.total = t;
            this.sum = sum;
            this.max = max;
        }

        /** @return an empty snapshot */
        static Snapshot empty() {
            return new Snapshot(new long[BUCKETS], 0, 0);
        }

        /**
         * @param earlier a snapshot of the same histogram taken before this one
         * @return what was recorded between the two (its max is this one's bucket bound)
         */
        Snapshot since(Snapshot earlier) {
            long[] d = new long[BUCKETS];
            int top = -1;
            for (int i = 0; i < BUCKETS; i++) {
                d[i] = counts[i] - earlier.counts[i];
                if (d[i] > 0) {
                    top = i;
                }
            }
            return new Snapshot(d, sum - earlier.sum, top < 0 ? 0 : representative(top));
        }

        /** @return how many latencies */
        long count() {
            return total;
        }

        /** @return the largest latency (exact for a whole run) */
        long max() {
            return max;
        }

        /** @return the mean, in microseconds, 0 when empty */
        long mean() {
            return total == 0 ? 0 : sum / total;
        }

        /**
         * @param fraction e.g. 0.99
         * @return the latency below which that fraction falls, in microseconds; 0 when empty
         */
        long percentile(double fraction) {
            if (total == 0) {
                return 0;
            }
            long rank = Math.max(1, (long) Math.ceil(fraction * total));
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return Math.min(representative(i), max > 0 ? max : Long.MAX_VALUE);
                }
            }
            return max;
        }
    }
}
