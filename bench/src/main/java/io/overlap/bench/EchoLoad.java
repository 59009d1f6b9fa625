package io.overlap.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The echo mode of the fallback load client: {@code conns} connections, each keeping
 * {@code depth} messages of {@code size} bytes in flight (closed loop), every echoed byte checked
 * against the {@link StreamPattern}. A round trip completes when all bytes of its message are
 * back; its latency runs from when the message was issued. Only the time after the warmup
 * counts. One thread, one {@link Selector} (plain JDK NIO, not Overlap, so the client is the
 * same for every server).
 */
final class EchoLoad {
    /** What to run. */
    record Shape(InetSocketAddress target, int conns, int size, int depth, double durationS, double warmupS) {
    }

    private static final int RX = 256 * 1024;
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final Shape shape;
    private final StreamPattern pattern;
    private final byte[] rx = new byte[RX];
    private final ByteBuffer rxBuf = ByteBuffer.wrap(rx);
    private final Histogram latency = new Histogram(3); // ns, three significant digits
    private boolean measuring;
    private long msgs;
    private long connectFail;
    private long mismatch;
    private long closed;
    private long reset;
    private long extra;

    EchoLoad(Shape shape) {
        this.shape = shape;
        this.pattern = new StreamPattern(Math.max(RX, shape.size() * shape.depth()));
    }

    /** One connection's stream state. */
    private final class Conn {
        final SocketChannel ch;
        final int seed;
        final ByteBuffer view = pattern.sendView();
        final long[] issuedAt = new long[shape.depth()];
        SelectionKey key;
        long written;
        long issuedBytes;
        long received;
        long issuedMsgs;
        long doneMsgs;
        long doneAtWarmupEnd;
        boolean connected;

        Conn(SocketChannel ch, int seed) {
            this.ch = ch;
            this.seed = seed;
        }

        void issue(long now) {
            issuedAt[(int) (issuedMsgs % issuedAt.length)] = now;
            issuedMsgs++;
            issuedBytes += shape.size();
        }

        /** Writes what is issued and not yet written; asks for OP_WRITE if the socket is full. */
        void flush() throws IOException {
            while (written < issuedBytes) {
                int at = StreamPattern.index(seed, written);
                int len = (int) Math.min(issuedBytes - written, pattern.window());
                view.limit(at + len).position(at);
                int n = ch.write(view);
                written += n;
                if (n < len) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        /** Reads, checks, and completes (and reissues) every message that is whole. */
        boolean read(long now, long end) throws IOException {
            rxBuf.clear();
            int n = ch.read(rxBuf);
            if (n < 0) {
                closed++;
                return false;
            }
            if (received + n > issuedBytes) {
                extra++;
                return false;
            }
            if (!pattern.matches(rx, 0, n, StreamPattern.index(seed, received))) {
                mismatch++;
                return false;
            }
            received += n;
            boolean reissued = false;
            while (doneMsgs < issuedMsgs && received >= (doneMsgs + 1) * shape.size()) {
                long started = issuedAt[(int) (doneMsgs % issuedAt.length)];
                doneMsgs++;
                if (measuring) {
                    latency.recordValue(Math.max(0, now - started));
                    msgs++;
                }
                if (now < end) {
                    issue(now);
                    reissued = true;
                }
            }
            if (reissued) {
                flush();
            }
            return true;
        }
    }

    /**
     * @param out where the {@code MEASURING} line goes when the warmup ends (so a harness can
     *     sample the server over the measured window only)
     * @return the RESULT fields
     * @throws IOException if the selector cannot be opened
     */
    Map<String, String> run(PrintStream out) throws IOException {
        long cpuStart = LoadClient.processCpuNanos();
        long t0 = System.nanoTime();
        List<Conn> conns = new ArrayList<>(shape.conns());
        int established = 0;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < shape.conns(); i++) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Conn c = new Conn(ch, (int) ((i * 7_919L + 1) % StreamPattern.PERIOD));
                try {
                    ch.connect(shape.target());
                    c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
                    conns.add(c);
                } catch (IOException e) {
                    connectFail++;
                    ch.close();
                }
            }
            // ---- connect: all, or give up after the timeout
            long deadline = t0 + CONNECT_TIMEOUT_NS;
            while (established + connectFail < shape.conns() && System.nanoTime() < deadline) {
                selector.select(50);
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext();) {
                    SelectionKey k = it.next();
                    it.remove();
                    Conn c = (Conn) k.attachment();
                    try {
                        if (c.ch.finishConnect()) {
                            c.connected = true;
                            established++;
                            k.interestOps(SelectionKey.OP_READ);
                        }
                    } catch (IOException e) {
                        connectFail++;
                        k.cancel();
                        c.ch.close();
                    }
                }
            }
            long setupMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            // ---- load: warmup, then the measured window
            long start = System.nanoTime();
            long warmupEnd = start + (long) (shape.warmupS() * 1e9);
            long end = warmupEnd + (long) (shape.durationS() * 1e9);
            for (Conn c : conns) {
                if (c.connected) {
                    for (int d = 0; d < shape.depth(); d++) {
                        c.issue(start);
                    }
                    flushOrDrop(c);
                }
            }
            long cpuMeasured = 0;
            long now = start;
            while (now < end) {
                long until = measuring ? end : warmupEnd;
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - now)));
                now = System.nanoTime();
                if (!measuring && now >= warmupEnd) {
                    measuring = true;
                    cpuMeasured = LoadClient.processCpuNanos();
                    out.println("MEASURING established=" + established);
                    out.flush();
                    for (Conn c : conns) {
                        c.doneAtWarmupEnd = c.doneMsgs;
                    }
                }
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext();) {
                    SelectionKey k = it.next();
                    it.remove();
                    if (!k.isValid()) {
                        continue;
                    }
                    Conn c = (Conn) k.attachment();
                    try {
                        if (k.isWritable()) {
                            c.flush();
                        }
                        if (k.isReadable() && !c.read(now, end)) {
                            drop(c);
                        }
                    } catch (IOException e) {
                        reset++;
                        drop(c);
                    }
                }
            }
            long cpuEnd = LoadClient.processCpuNanos();
            long stalled = conns.stream().filter(c -> c.connected && c.doneMsgs == c.doneAtWarmupEnd).count();
            for (Conn c : conns) {
                c.ch.close();
            }
            double dur = shape.durationS();
            long errors = connectFail + mismatch + closed + reset + extra;
            Map<String, String> r = new LinkedHashMap<>();
            r.put("mode", "echo");
            r.put("conns", String.valueOf(shape.conns()));
            r.put("established", String.valueOf(established));
            r.put("size", String.valueOf(shape.size()));
            r.put("depth", String.valueOf(shape.depth()));
            r.put("duration_s", fmt(dur));
            r.put("rtt_per_s", fmt(msgs / dur));
            r.put("mb_per_s", fmt(msgs * (double) shape.size() / dur / 1e6));
            r.put("p50_us", micros(percentile(latency, 50)));
            r.put("p90_us", micros(percentile(latency, 90)));
            r.put("p99_us", micros(percentile(latency, 99)));
            r.put("p999_us", micros(percentile(latency, 99.9)));
            r.put("max_us", micros(latency.getTotalCount() == 0 ? 0 : latency.getMaxValue()));
            r.put("mean_us", fmt(latency.getTotalCount() == 0 ? 0 : latency.getMean() / 1e3));
            r.put("msgs", String.valueOf(msgs));
            r.put("errors", String.valueOf(errors));
            r.put("connect_fail", String.valueOf(connectFail));
            r.put("mismatch", String.valueOf(mismatch));
            r.put("closed", String.valueOf(closed));
            r.put("reset", String.valueOf(reset));
            r.put("extra", String.valueOf(extra));
            r.put("stalled", String.valueOf(stalled));
            r.put("setup_ms", String.valueOf(setupMs));
            r.put("cpu_s", fmt((cpuEnd - cpuStart) / 1e9));
            r.put("cpu_pct", fmt(cpuMeasured == 0 ? 0 : (cpuEnd - cpuMeasured) / 1e9 / dur * 100));
            return r;
        }
    }

    private void flushOrDrop(Conn c) {
        try {
            c.flush();
        } catch (IOException e) {
            reset++;
            drop(c);
        }
    }

    private static void drop(Conn c) {
        c.key.cancel();
        c.connected = false;
        try {
            c.ch.close();
        } catch (IOException ignored) {
            // counted already; nothing else to do with a broken connection
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** @return the value at that percentile (0..100) of a histogram of nanoseconds, 0 when empty */
    static long percentile(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile);
    }

    static String micros(long nanos) {
        return String.valueOf(Math.round(nanos / 1e3));
    }
}
