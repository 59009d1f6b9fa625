package io.overlap.examples.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Round-trip latencies in microseconds, in HdrHistogram: recorded from every I/O thread without
 * locks (a {@link Recorder}), read by the reporting thread one interval at a time (the live line)
 * and as a whole (the summary), to three significant digits.
 */
final class Latencies {
    private static final int DIGITS = 3;

    private final Recorder recorder = new Recorder(DIGITS);
    private final Histogram total = new Histogram(DIGITS);
    private Histogram recycled;

    /** @param micros one round trip */
    void record(long micros) {
        recorder.recordValue(Math.max(0, micros));
    }

    /**
     * @return what was recorded since the previous call (or the start), a copy the caller keeps;
     *     it is added to {@link #total()} too
     */
    synchronized Histogram interval() {
        recycled = recorder.getIntervalHistogram(recycled);
        total.add(recycled);
        return recycled.copy();
    }

    /** @return everything recorded so far, a copy */
    synchronized Histogram total() {
        interval();
        return total.copy();
    }
}
