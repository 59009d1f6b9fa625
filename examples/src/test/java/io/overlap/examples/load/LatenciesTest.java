package io.overlap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LatenciesTest {
    @Test
    void percentilesOfAKnownDistributionAreWithinATenthOfAPercent() {
        Latencies l = new Latencies();
        for (int i = 1; i <= 100_000; i++) {
            l.record(i);
        }
        Histogram h = l.total();
        assertEquals(100_000, h.getTotalCount());
        assertEquals(50_000, h.getValueAtPercentile(50), 50);
        assertEquals(99_000, h.getValueAtPercentile(99), 99);
        assertEquals(100_000, h.getMaxValue(), 100);
        assertEquals(50_000.5, h.getMean(), 50);
    }

    @Test
    void anIntervalHoldsWhatCameSinceTheLastOneAndTheTotalEverything() {
        Latencies l = new Latencies();
        l.record(10);
        assertEquals(1, l.interval().getTotalCount());
        l.record(5000);
        l.record(5000);
        Histogram second = l.interval();
        assertEquals(2, second.getTotalCount());
        assertEquals(5000, second.getValueAtPercentile(50), 5);
        assertEquals(0, l.interval().getTotalCount());
        Histogram total = l.total();
        assertEquals(3, total.getTotalCount());
        assertEquals(10, total.getMinValue());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void recordingFromManyThreadsWhileIntervalsAreTakenLosesNothing() throws Exception {
        Latencies l = new Latencies();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread w = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    l.record(1 + i % 1000);
                }
            });
            writers.add(w);
            w.start();
        }
        long seen = 0;
        while (writers.stream().anyMatch(Thread::isAlive)) {
            seen += l.interval().getTotalCount();
        }
        for (Thread w : writers) {
            w.join();
        }
        seen += l.interval().getTotalCount();
        assertEquals(200_000, seen, "the intervals add up to every value recorded");
        assertEquals(200_000, l.total().getTotalCount());
    }
}
