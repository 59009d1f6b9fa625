package io.overlap.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The hold mode of the fallback load client: opens {@code conns} idle connections (at most
 * {@code maxConnecting} connects in flight, source addresses taken in turn from a list to get
 * past the ephemeral port range of one address pair), optionally verifies each with one echoed
 * message, prints {@code HOLD_READY} and keeps them open, counting any the server drops.
 */
final class HoldLoad {
    /** What to run. */
    record Shape(InetSocketAddress target, int conns, int size, boolean verify, double holdS,
            List<InetAddress> sources, int maxConnecting, double connTimeoutS, double stallS, double setupLimitS) {
    }

    private final Shape shape;
    private final StreamPattern pattern;

    HoldLoad(Shape shape) {
        this.shape = shape;
        this.pattern = new StreamPattern(Math.max(4096, shape.size()));
    }

    private final class Conn {
        final SocketChannel ch;
        final int seed;
        final long startedAt;
        final ByteBuffer in;
        SelectionKey key;
        boolean connected;
        boolean verified;
        boolean dead;

        Conn(SocketChannel ch, int seed, long startedAt) {
            this.ch = ch;
            this.seed = seed;
            this.startedAt = startedAt;
            this.in = shape.verify() ? ByteBuffer.allocate(shape.size()) : null;
        }
    }

    Map<String, String> run(PrintStream out) throws IOException {
        long cpuStart = LoadClient.processCpuNanos();
        long t0 = System.nanoTime();
        long connTimeout = (long) (shape.connTimeoutS() * 1e9);
        List<Conn> conns = new ArrayList<>(shape.conns());
        int opened = 0;
        int pending = 0;
        int ready = 0;
        long failed = 0;
        long lastProgress = t0;
        Histogram connectTimes = new Histogram(3); // ns
        try (Selector selector = Selector.open()) {
            // ---- set up: keep at most maxConnecting in progress
            while (true) {
                long now = System.nanoTime();
                while (opened < shape.conns() && pending < shape.maxConnecting()) {
                    Conn c = open(opened++, selector, now);
                    if (c == null) {
                        failed++;
                    } else {
                        conns.add(c);
                        pending++;
                    }
                }
                if (pending == 0 || now - t0 > shape.setupLimitS() * 1e9 || now - lastProgress > shape.stallS() * 1e9) {
                    break;
                }
                selector.select(20);
                now = System.nanoTime();
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext();) {
                    SelectionKey k = it.next();
                    it.remove();
                    Conn c = (Conn) k.attachment();
                    boolean done;
                    try {
                        done = advance(c, k);
                    } catch (IOException e) {
                        c.dead = true;
                        done = false;
                        close(c);
                    }
                    if (done || c.dead) {
                        pending--;
                        lastProgress = now;
                        if (done) {
                            ready++;
                            connectTimes.recordValue(Math.max(0, now - c.startedAt));
                        } else {
                            failed++;
                        }
                    }
                }
                // a connection not ready within its timeout counts as failed
                for (Conn c : conns) {
                    if (!c.dead && !isReady(c) && now - c.startedAt > connTimeout) {
                        c.dead = true;
                        close(c);
                        pending--;
                        failed++;
                    }
                }
            }
            long establishMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long established = conns.stream().filter(c -> c.connected).count();
            long verified = conns.stream().filter(c -> c.verified).count();
            out.println("HOLD_READY ready=" + ready + " established=" + established + " verified=" + verified);
            out.flush();
            // ---- hold: watch for connections the server drops
            long dropped = 0;
            long holdEnd = System.nanoTime() + (long) (shape.holdS() * 1e9);
            for (Conn c : conns) {
                if (isReady(c)) {
                    c.key.interestOps(SelectionKey.OP_READ);
                }
            }
            ByteBuffer sink = ByteBuffer.allocate(4096);
            long now;
            while ((now = System.nanoTime()) < holdEnd) {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(holdEnd - now)));
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext();) {
                    SelectionKey k = it.next();
                    it.remove();
                    Conn c = (Conn) k.attachment();
                    sink.clear();
                    int n;
                    try {
                        n = c.ch.read(sink);
                    } catch (IOException e) {
                        n = -1;
                    }
                    if (n < 0 && !c.dead) {
                        c.dead = true;
                        dropped++;
                        close(c);
                    }
                }
            }
            long alive = conns.stream().filter(c -> !c.dead && isReady(c)).count();
            for (Conn c : conns) {
                close(c);
            }
            Map<String, String> r = new LinkedHashMap<>();
            r.put("mode", "hold");
            r.put("conns", String.valueOf(shape.conns()));
            r.put("established", String.valueOf(established));
            r.put("verified", String.valueOf(verified));
            r.put("alive", String.valueOf(alive));
            r.put("verify", shape.verify() ? "1" : "0");
            r.put("size", String.valueOf(shape.size()));
            r.put("establish_ms", String.valueOf(establishMs));
            r.put("conn_per_s", EchoLoad.fmt(ready / Math.max(1e-3, establishMs / 1e3)));
            r.put("conn_p50_us", EchoLoad.micros(EchoLoad.percentile(connectTimes, 50)));
            r.put("conn_p99_us", EchoLoad.micros(EchoLoad.percentile(connectTimes, 99)));
            r.put("hold_s", EchoLoad.fmt(shape.holdS()));
            r.put("dropped_in_hold", String.valueOf(dropped));
            r.put("errors", String.valueOf(failed + dropped));
            r.put("cpu_s", EchoLoad.fmt((LoadClient.processCpuNanos() - cpuStart) / 1e9));
            return r;
        }
    }

    private boolean isReady(Conn c) {
        return c.connected && (!shape.verify() || c.verified);
    }

    private Conn open(int i, Selector selector, long now) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            if (!shape.sources().isEmpty()) {
                ch.bind(new InetSocketAddress(shape.sources().get(i % shape.sources().size()), 0));
            }
            Conn c = new Conn(ch, (int) ((i * 7_919L + 1) % StreamPattern.PERIOD), now);
            ch.connect(shape.target());
            c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            return c;
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failed
                }
            }
            return null;
        }
    }

    /** @return true when the connection became ready (connected, and verified if asked) */
    private boolean advance(Conn c, SelectionKey k) throws IOException {
        if (!c.connected) {
            if (!c.ch.finishConnect()) {
                return false;
            }
            c.connected = true;
            if (!shape.verify()) {
                k.interestOps(0);
                return true;
            }
            ByteBuffer msg = pattern.sendView();
            int at = StreamPattern.index(c.seed, 0);
            msg.limit(at + shape.size()).position(at);
            c.ch.write(msg); // a fresh socket takes a small message whole
            if (msg.hasRemaining()) {
                throw new IOException("short first write");
            }
            k.interestOps(SelectionKey.OP_READ);
            return false;
        }
        if (c.ch.read(c.in) < 0) {
            throw new IOException("closed before the verify echo");
        }
        if (c.in.hasRemaining()) {
            return false;
        }
        if (!pattern.matches(c.in.array(), 0, shape.size(), StreamPattern.index(c.seed, 0))) {
            throw new IOException("verify echo mismatch");
        }
        c.verified = true;
        k.interestOps(0);
        return true;
    }

    private static void close(Conn c) {
        if (c.key != null) {
            c.key.cancel();
        }
        try {
            c.ch.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
