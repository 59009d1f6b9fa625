package io.overlap.bench;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Tuning shared by the echo servers, so that every one runs with the same I/O thread count and
 * buffer size.
 *
 * @param ioThreads I/O (event loop) threads; the JDK NIO.2 server ignores it and keeps the JDK's
 *     default group, which is what a user of NIO.2 gets
 * @param bufferSize bytes of each read buffer
 */
public record ServerOptions(int ioThreads, int bufferSize) {
    /** The defaults: one I/O thread and 16 KiB buffers. */
    public static final ServerOptions DEFAULTS = new ServerOptions(1, 16 * 1024);

    /** Checks the values. */
    public ServerOptions {
        checkArgument(ioThreads >= 1 && ioThreads <= 256, "ioThreads must be 1..256, was %s", ioThreads);
        checkArgument(bufferSize >= 64 && bufferSize <= (1 << 24), "bufferSize must be 64..16M, was %s", bufferSize);
    }
}
