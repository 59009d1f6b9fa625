package io.overlap.examples.echo;

import io.overlap.examples.cli.Fmt;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of an echo server, updated from every I/O thread; adders keep that cheap. */
public final class EchoStats {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder closed = new LongAdder();
    private final LongAdder resets = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder completions = new LongAdder();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger peakOpen = new AtomicInteger();

    void completion() {
        completions.increment();
    }

    void opened() {
        accepted.increment();
        peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    }

    void closed(boolean byReset) {
        open.decrementAndGet();
        closed.increment();
        if (byReset) {
            resets.increment();
        }
    }

    void received(long n) {
        bytesIn.add(n);
    }

    void sent(long n) {
        bytesOut.add(n);
    }

    /** @return connections accepted so far */
    public long accepted() {
        return accepted.sum();
    }

    /** @return connections closed so far (by the peer, by an error or by the server's stop) */
    public long closed() {
        return closed.sum();
    }

    /** @return connections that ended with a reset from the peer */
    public long resets() {
        return resets.sum();
    }

    /** @return connections open now */
    public int open() {
        return open.get();
    }

    /** @return the most connections that were open at once */
    public int peakOpen() {
        return peakOpen.get();
    }

    /** @return bytes received */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** @return bytes sent back */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** @return completions handled (accepts, receives and sends) */
    public long completions() {
        return completions.sum();
    }

    /**
     * @param backend the backend's name
     * @param uptime how long the server ran
     * @return a few lines for a person
     */
    public String report(String backend, Duration uptime) {
        double secs = Math.max(uptime.toNanos() / 1e9, 1e-9);
        return String.format(Locale.ROOT,
                "echo server stopped after %.1f s (backend %s)%n"
                        + "  connections   %s accepted, %s closed (%s by reset), peak %s open%n"
                        + "  bytes         %s received, %s sent%n"
                        + "  completions   %s (%s /s)%n",
                secs, backend, Fmt.count(accepted()), Fmt.count(closed()), Fmt.count(resets()),
                Fmt.count(peakOpen()), Fmt.bytes(bytesIn()), Fmt.bytes(bytesOut()),
                Fmt.count(completions()), Fmt.rate(completions() / secs));
    }
}
