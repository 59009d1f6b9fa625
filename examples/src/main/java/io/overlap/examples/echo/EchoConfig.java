package io.overlap.examples.echo;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetSocketAddress;

/**
 * How an {@link EchoServer} runs.
 *
 * @param bind the address to listen on (port 0 picks a free one)
 * @param recvSize the size of each connection's receive buffer, which is also the most one
 *     receive (and so one echo) moves
 * @param ioThreads the proactor's I/O threads
 */
public record EchoConfig(InetSocketAddress bind, int recvSize, int ioThreads) {
    /** The smallest receive buffer. */
    public static final int MIN_RECV_SIZE = 64;
    /** The largest receive buffer. */
    public static final int MAX_RECV_SIZE = 16 << 20;

    /** Checks the values. */
    public EchoConfig {
        checkArgument(bind != null && !bind.isUnresolved(), "bind address must be resolved: %s", bind);
        checkArgument(recvSize >= MIN_RECV_SIZE && recvSize <= MAX_RECV_SIZE, "recvSize out of range: %s", recvSize);
        checkArgument(ioThreads >= 1 && ioThreads <= 256, "ioThreads out of range: %s", ioThreads);
    }
}
