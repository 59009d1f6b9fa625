package io.overlap.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void quantilesAreWithinOnePercent() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v * 1_000); // 1 µs .. 100 ms, uniform
        }
        assertEquals(50_000_000, h.quantile(0.50), 50_000_000 * 0.01);
        assertEquals(99_000_000, h.quantile(0.99), 99_000_000 * 0.01);
        assertEquals(100_000_000, h.max());
        assertEquals(100_000, h.count());
    }

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(3);
        h.record(7);
        h.record(100);
        assertEquals(7, h.quantile(0.5));
        assertEquals(100, h.quantile(1.0));
    }
}
