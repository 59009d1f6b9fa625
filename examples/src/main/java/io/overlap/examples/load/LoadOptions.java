package io.overlap.examples.load;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What the load client does.
 *
 * @param target the echo server
 * @param conns how many connections
 * @param size bytes per message
 * @param depth messages each connection keeps in flight
 * @param duration how long to run, connecting included
 * @param connectTimeout how long one connect may take
 * @param progress when to print the live progress line
 * @param ioThreads the proactor's I/O threads
 */
public record LoadOptions(InetSocketAddress target, int conns, int size, int depth, Duration duration,
        Duration connectTimeout, Progress progress, int ioThreads) {
    /** The most connections. */
    public static final int MAX_CONNS = 100_000;
    /** The largest message. */
    public static final int MAX_SIZE = 1 << 20;
    /** The most messages in flight per connection. */
    public static final int MAX_DEPTH = 1024;

    /** When the progress line is printed. */
    public enum Progress {
        /** Once a second, rewriting one line, when stdout is a terminal; otherwise never. */
        AUTO,
        /** Once a second, as its own line when stdout is not a terminal. */
        ALWAYS,
        /** Never. */
        NEVER
    }

    /** Checks the values. */
    public LoadOptions {
        checkArgument(target != null && !target.isUnresolved() && target.getPort() > 0, "bad target %s", target);
        checkArgument(conns >= 1 && conns <= MAX_CONNS, "conns out of range: %s", conns);
        checkArgument(size >= 1 && size <= MAX_SIZE, "size out of range: %s", size);
        checkArgument(depth >= 1 && depth <= MAX_DEPTH, "depth out of range: %s", depth);
        checkArgument(!duration.isNegative() && !duration.isZero(), "duration must be positive: %s", duration);
        checkArgument(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connect timeout must be positive");
        checkArgument(progress != null, "progress");
        checkArgument(ioThreads >= 1 && ioThreads <= 256, "ioThreads out of range: %s", ioThreads);
    }

    /**
     * @param target the echo server
     * @param conns how many connections
     * @param size bytes per message
     * @param depth messages in flight per connection
     * @param duration how long to run
     * @return options with a 5 s connect timeout, no progress line and one I/O thread per processor
     */
    public static LoadOptions of(InetSocketAddress target, int conns, int size, int depth, Duration duration) {
        return new LoadOptions(target, conns, size, depth, duration, Duration.ofSeconds(5), Progress.NEVER,
                Runtime.getRuntime().availableProcessors());
    }

    /** @return the bytes one connection receives at most in one completion */
    int recvSize() {
        long want = (long) size * depth;
        return (int) Math.max(512, Math.min(want, 64 << 10));
    }
}
