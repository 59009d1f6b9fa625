package io.overlap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void bucketsCoverEveryValueInOrderWithinThreePercent() {
        int last = -1;
        for (long v = 0; v < (1L << 41); v = v < 1000 ? v + 1 : v + v / 97) {
            int i = LatencyHistogram.index(v);
            assertTrue(i >= last, "monotonic at " + v);
            last = i;
            long lo = LatencyHistogram.lowerBound(i);
            assertTrue(lo <= v, "lower bound " + lo + " above " + v);
            long rep = LatencyHistogram.representative(i);
            assertTrue(Math.abs(rep - v) <= Math.max(1, v * 0.032), v + " shown as " + rep);
        }
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.index(Long.MAX_VALUE));
    }

    @Test
    void percentilesOfAKnownDistribution() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(i);
        }
        LatencyHistogram.Snapshot s = h.snapshot();
        assertEquals(1000, s.count());
        assertEquals(1000, s.max());
        assertEquals(500, s.mean());
        assertEquals(500, s.percentile(0.5), 500 * 0.032);
        assertEquals(990, s.percentile(0.99), 990 * 0.032);
        assertEquals(1, h.snapshot().percentile(0.0001));
    }

    @Test
    void anIntervalIsTheDifferenceOfTwoSnapshots() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(10);
        LatencyHistogram.Snapshot first = h.snapshot();
        h.record(5000);
        h.record(5000);
        LatencyHistogram.Snapshot interval = h.snapshot().since(first);
        assertEquals(2, interval.count());
        assertEquals(5000, interval.percentile(0.5), 5000 * 0.032);
        assertEquals(0, LatencyHistogram.Snapshot.empty().since(LatencyHistogram.Snapshot.empty()).percentile(0.5));
    }
}
