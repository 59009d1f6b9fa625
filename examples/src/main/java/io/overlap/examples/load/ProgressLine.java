package io.overlap.examples.load;

import io.overlap.examples.cli.Fmt;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The live line a load run prints once a second: on a terminal it rewrites itself in place
 * ({@code \r} and padding, which every console understands, rather than escape codes).
 */
final class ProgressLine {
    private final PrintStream out;
    private final boolean enabled;
    private final boolean inPlace;
    private int lastLength;
    private long lastRoundTrips;
    private long lastBytes;
    private long lastNanos;
    private LatencyHistogram.Snapshot lastLatencies = LatencyHistogram.Snapshot.empty();

    ProgressLine(PrintStream out, LoadOptions.Progress mode, boolean terminal, long startNanos) {
        this.out = out;
        this.enabled = mode == LoadOptions.Progress.ALWAYS || (mode == LoadOptions.Progress.AUTO && terminal);
        this.inPlace = terminal;
        this.lastNanos = startNanos;
    }

    /** Prints the line for the second that just ended. */
    void tick(long now, long startNanos, int conns, LoadStats stats, LatencyHistogram latencies) {
        if (!enabled) {
            return;
        }
        long roundTrips = stats.roundTrips();
        long bytes = stats.bytes();
        LatencyHistogram.Snapshot snap = latencies.snapshot();
        LatencyHistogram.Snapshot interval = snap.since(lastLatencies);
        double secs = Math.max((now - lastNanos) / 1e9, 1e-9);
        String line = String.format(Locale.ROOT,
                "[%5.1f s] conns %s/%s   %s round trips/s   %.2f MB/s   p50 %s   p99 %s   errors %s",
                (now - startNanos) / 1e9, Fmt.count(stats.up()), Fmt.count(conns),
                Fmt.rate((roundTrips - lastRoundTrips) / secs), (bytes - lastBytes) / 1e6 / secs,
                Fmt.micros(interval.percentile(0.50)), Fmt.micros(interval.percentile(0.99)),
                Fmt.count(stats.errorCount()));
        lastRoundTrips = roundTrips;
        lastBytes = bytes;
        lastNanos = now;
        lastLatencies = snap;
        if (inPlace) {
            out.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the in-place line so that what follows starts on its own line. */
    void finish() {
        if (enabled && inPlace && lastLength > 0) {
            out.println();
            out.flush();
        }
    }
}
