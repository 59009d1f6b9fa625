package io.overlap.examples.echo;

import io.overlap.BufferPool;
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
    private final LongAdder noBuffer = new LongAdder();
    private final AtomicInteger peakLeased = new AtomicInteger();

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

    void noBuffer() {
        noBuffer.increment();
    }

    /** @param leasedNow the pool's leases just after one more was taken */
    void leased(int leasedNow) {
        if (leasedNow > peakLeased.get()) { // read first: most receives set no new peak, and a plain read does not contend
            peakLeased.accumulateAndGet(leasedNow, Math::max);
        }
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

    /** @return pooled receives that found the pool empty (each then waited for a buffer) */
    public long noBufferWaits() {
        return noBuffer.sum();
    }

    /** @return the most pooled buffers seen leased at once (a lower bound on the true peak) */
    public int peakLeased() {
        return peakLeased.get();
    }

    /** @return completions handled (accepts, receives and sends) */
    public long completions() {
        return completions.sum();
    }

    /**
     * @param backend the backend's name
     * @param uptime how long the server ran
     * @param config how it ran
     * @param pool its buffer pool
     * @return a few lines for a person
     */
    public String report(String backend, Duration uptime, EchoConfig config, BufferPool pool) {
        double secs = Math.max(uptime.toNanos() / 1e9, 1e-9);
        String receives = config.recv() == RecvMode.POOLED
                ? String.format(Locale.ROOT, "pooled, %s buffers, at most %s%n                peak %s leased (%s), %s waited for one",
                        Fmt.size(config.recvSize()), Fmt.count(pool.capacity()), Fmt.count(peakLeased()),
                        Fmt.size((long) peakLeased() * config.recvSize()), Fmt.count(noBufferWaits()))
                : String.format(Locale.ROOT, "into each connection's own %s buffer%n                peak %s pinned",
                        Fmt.size(config.recvSize()), Fmt.size((long) peakOpen() * config.recvSize()));
        return String.format(Locale.ROOT,
                "echo server stopped after %.1f s (backend %s)%n"
                        + "  connections   %s accepted, %s closed (%s by reset), peak %s open%n"
                        + "  bytes         %s received, %s sent%n"
                        + "  completions   %s (%s /s)%n"
                        + "  receives      %s%n",
                secs, backend, Fmt.count(accepted()), Fmt.count(closed()), Fmt.count(resets()),
                Fmt.count(peakOpen()), Fmt.bytes(bytesIn()), Fmt.bytes(bytesOut()),
                Fmt.count(completions()), Fmt.rate(completions() / secs), receives);
    }
}
