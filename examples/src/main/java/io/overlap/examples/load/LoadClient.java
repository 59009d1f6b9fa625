package io.overlap.examples.load;

import io.overlap.examples.cli.Fmt;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The load client: opens connections to an echo server, keeps messages in flight on each for a
 * fixed time, checks every echoed byte, and reports rates, latencies and errors. It runs on
 * Overlap itself, on the backend the system property names.
 */
public final class LoadClient {
    private static final long TICK = TimeUnit.SECONDS.toNanos(1);
    /** How soon a stop request (Ctrl-C) ends the run. */
    private static final long STOP_POLL = TimeUnit.MILLISECONDS.toNanos(100);

    private LoadClient() {
    }

    /**
     * Runs once. Bounded in time: the options' duration, then closing (which completes every
     * pending operation at once).
     *
     * @param options what to do
     * @param out where the header and the progress line go
     * @return what was measured; {@link LoadResult#passed()} tells whether it went well
     * @throws IOException if the client's proactor cannot be opened
     * @throws InterruptedException if interrupted while running (the run is stopped first)
     */
    public static LoadResult run(LoadOptions options, PrintStream out) throws IOException, InterruptedException {
        return run(options, out, new CountDownLatch(1));
    }

    /**
     * Runs once, or until {@code stop} is counted down (Ctrl-C: the result is then what was
     * measured until then).
     *
     * @param options what to do
     * @param out where the header and the progress line go
     * @param stop counted down to end the run early
     * @return what was measured; {@link LoadResult#passed()} tells whether it went well
     * @throws IOException if the client's proactor cannot be opened
     * @throws InterruptedException if interrupted while running (the run is stopped first)
     */
    public static LoadResult run(LoadOptions options, PrintStream out, CountDownLatch stop)
            throws IOException, InterruptedException {
        LoadRun run = new LoadRun(options);
        out.printf("Overlap load on backend %s: %s connections to %s%n%s messages, depth %d, for %s;"
                + " every echoed byte is checked%n", run.proactor().backendName(), Fmt.count(options.conns()),
                Fmt.address(options.target()), Fmt.size(options.size()), options.depth(),
                Fmt.duration(options.duration()));
        long start = System.nanoTime();
        long deadline = start + options.duration().toNanos();
        ProgressLine progress = new ProgressLine(out, options.progress(), System.console() != null,
                ProgressLine.terminalWidth(), start);
        progress.start();
        out.flush();
        long end;
        boolean stopped = false;
        try {
            run.start();
            long nextTick = start + TICK;
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline || run.awaitAllEnded(Math.min(Math.min(nextTick, deadline) - now, STOP_POLL))) {
                    break;
                }
                if (stop.getCount() == 0) {
                    stopped = true;
                    break;
                }
                now = System.nanoTime();
                if (now >= nextTick && now < deadline) {
                    progress.tick(now, start, run.stats(), run.latencies());
                    while (nextTick <= now) {
                        nextTick += TICK;
                    }
                }
            }
        } finally {
            end = System.nanoTime();
            run.stop(stallThreshold(options.duration()));
            progress.finish();
        }
        LoadStats stats = run.stats();
        Histogram lat = run.latencies().total();
        return new LoadResult(options, run.proactor().backendName(), Duration.ofNanos(end - start), stopped,
                stats.connectedEver(), stats.roundTrips(), stats.bytes(), percentile(lat, 50), percentile(lat, 90),
                percentile(lat, 99), percentile(lat, 99.9), lat.getTotalCount() == 0 ? 0 : lat.getMaxValue(),
                Math.round(lat.getMean()), stats.errorsByKind(), stats.firstErrors());
    }

    private static long percentile(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p);
    }

    /** Half the run, at least 500 ms and at most 5 s, without any echo means a connection is stuck. */
    static Duration stallThreshold(Duration runLength) {
        Duration half = runLength.dividedBy(2);
        Duration min = Duration.ofMillis(500);
        Duration max = Duration.ofSeconds(5);
        return half.compareTo(min) < 0 ? min : half.compareTo(max) > 0 ? max : half;
    }
}
