package io.overlap.examples.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a load run measured.
 *
 * @param options what was asked
 * @param backend the backend the client ran on
 * @param elapsed how long it ran
 * @param stoppedEarly whether it was stopped before its duration (Ctrl-C)
 * @param connected connections that came up
 * @param roundTrips messages whose echo came back complete and correct
 * @param bytes echoed bytes received and checked
 * @param p50 median latency in microseconds (HdrHistogram, three significant digits, as are the others)
 * @param p90 90th percentile latency in microseconds
 * @param p99 99th percentile latency in microseconds
 * @param p999 99.9th percentile latency in microseconds
 * @param max the largest latency in microseconds
 * @param mean the mean latency in microseconds
 * @param errorsByKind how many errors of each kind
 * @param firstErrors the first few errors, described
 */
public record LoadResult(LoadOptions options, String backend, Duration elapsed, boolean stoppedEarly, int connected,
        long roundTrips, long bytes, long p50, long p90, long p99, long p999, long max, long mean,
        Map<ErrorKind, Long> errorsByKind, List<String> firstErrors) {

    /** @return every error, of every kind */
    public long errors() {
        return errorsByKind.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @param kind a kind @return how many errors of that kind */
    public long errors(ErrorKind kind) {
        return errorsByKind.getOrDefault(kind, 0L);
    }

    /** @return round trips per second */
    public double roundTripsPerSecond() {
        return roundTrips / seconds();
    }

    /** @return echoed megabytes (10^6) per second, one direction */
    public double megabytesPerSecond() {
        return bytes / 1e6 / seconds();
    }

    /** @return true when nothing went wrong and something was measured */
    public boolean passed() {
        return errors() == 0 && roundTrips > 0;
    }

    /** @return the process exit status: 0 when {@link #passed()}, 1 otherwise */
    public int exitCode() {
        return passed() ? 0 : 1;
    }

    /** @return the summary table for a person */
    public String summary() {
        return Summary.format(this);
    }

    private double seconds() {
        return Math.max(elapsed.toNanos() / 1e9, 1e-9);
    }
}
