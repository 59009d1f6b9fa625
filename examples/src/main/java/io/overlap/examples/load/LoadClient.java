package io.overlap.examples.load;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The load client: opens connections to an echo server, keeps messages in flight on each for a
 * fixed time, checks every echoed byte, and reports rates, latencies and errors. It runs on
 * Overlap itself, on the backend the system property names.
 */
public final class LoadClient {
    private static final long TICK = TimeUnit.SECONDS.toNanos(1);

    private LoadClient() {
    }

    /**
     * Runs once. Bounded in time: the options' duration, then closing (which completes every
     * pending operation at once).
     *
     * @param options what to do
     * @param out where the progress line goes (if the options ask for it)
     * @return what was measured; {@link LoadResult#passed()} tells whether it went well
     * @throws IOException if the client's proactor cannot be opened
     * @throws InterruptedException if interrupted while running (the run is stopped first)
     */
    public static LoadResult run(LoadOptions options, PrintStream out) throws IOException, InterruptedException {
        LoadRun run = new LoadRun(options);
        long start = System.nanoTime();
        long deadline = start + options.duration().toNanos();
        ProgressLine progress = new ProgressLine(out, options.progress(), System.console() != null, start);
        long end;
        try {
            run.start();
            long nextTick = start + TICK;
            while (true) {
                long now = System.nanoTime();
                if (now >= deadline || run.awaitAllEnded(Math.min(nextTick, deadline) - now)) {
                    break;
                }
                now = System.nanoTime();
                if (now >= nextTick && now < deadline) {
                    progress.tick(now, start, options.conns(), run.stats(), run.latencies());
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
        LatencyHistogram.Snapshot lat = run.latencies().snapshot();
        return new LoadResult(options, run.proactor().backendName(), Duration.ofNanos(end - start),
                stats.connectedEver(), stats.roundTrips(), stats.bytes(), lat.percentile(0.50), lat.percentile(0.90),
                lat.percentile(0.99), lat.percentile(0.999), lat.max(), lat.mean(), stats.errorsByKind(),
                stats.firstErrors());
    }

    /** Half the run, at least 500 ms and at most 5 s, without any echo means a connection is stuck. */
    static Duration stallThreshold(Duration runLength) {
        Duration half = runLength.dividedBy(2);
        Duration min = Duration.ofMillis(500);
        Duration max = Duration.ofSeconds(5);
        return half.compareTo(min) < 0 ? min : half.compareTo(max) > 0 ? max : half;
    }
}
