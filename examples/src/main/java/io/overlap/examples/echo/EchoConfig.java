package io.overlap.examples.echo;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetSocketAddress;

/**
 * How an {@link EchoServer} runs.
 *
 * @param bind the address to listen on (port 0 picks a free one)
 * @param recv how connections receive: from the pool (the default) or into buffers of their own
 * @param recvSize the size of one receive buffer, which is also the most one receive (and so one
 *     echo) moves
 * @param poolBuffers the most buffers the pool will ever hold, so with pooled receives the most
 *     connections that can have data between its receive and its echo at the same moment (more
 *     wait for a buffer; their bytes stay in the socket); unused with {@link RecvMode#CALLER}
 * @param ioThreads the proactor's I/O threads
 */
public record EchoConfig(InetSocketAddress bind, RecvMode recv, int recvSize, int poolBuffers, int ioThreads) {
    /** The smallest receive buffer. */
    public static final int MIN_RECV_SIZE = 64;
    /** The largest receive buffer. */
    public static final int MAX_RECV_SIZE = 16 << 20;
    /** The default receive buffer. */
    public static final int DEFAULT_RECV_SIZE = 16 << 10;
    /** The default pool bound: 1,024 buffers, 16 MiB at the default receive size. */
    public static final int DEFAULT_POOL_BUFFERS = 1024;
    /** The most memory the pool may be allowed to reach. */
    public static final long MAX_POOL_BYTES = 1L << 30;

    /** Checks the values. */
    public EchoConfig {
        checkArgument(bind != null && !bind.isUnresolved(), "bind address must be resolved: %s", bind);
        checkArgument(recv != null, "recv mode is missing");
        checkArgument(recvSize >= MIN_RECV_SIZE && recvSize <= MAX_RECV_SIZE, "recvSize out of range: %s", recvSize);
        checkArgument(poolBuffers >= 1, "poolBuffers must be at least 1: %s", poolBuffers);
        checkArgument((long) recvSize * poolBuffers <= MAX_POOL_BYTES,
                "the pool may not reach more than 1 GiB: %s buffers x %s bytes", poolBuffers, recvSize);
        checkArgument(ioThreads >= 1 && ioThreads <= 256, "ioThreads out of range: %s", ioThreads);
    }

    /**
     * Pooled receives with a pool of {@link #DEFAULT_POOL_BUFFERS} buffers.
     *
     * @param bind the address to listen on
     * @param recvSize the size of one receive buffer
     * @param ioThreads the proactor's I/O threads
     */
    public EchoConfig(InetSocketAddress bind, int recvSize, int ioThreads) {
        this(bind, RecvMode.POOLED, recvSize, DEFAULT_POOL_BUFFERS, ioThreads);
    }

    /** @param mode how to receive @return a copy that receives that way */
    public EchoConfig withRecv(RecvMode mode) {
        return new EchoConfig(bind, mode, recvSize, poolBuffers, ioThreads);
    }

    /** @param bytes the size of one receive buffer @return a copy with that size */
    public EchoConfig withRecvSize(int bytes) {
        return new EchoConfig(bind, recv, bytes, poolBuffers, ioThreads);
    }

    /** @param n the pool's bound @return a copy with that bound */
    public EchoConfig withPoolBuffers(int n) {
        return new EchoConfig(bind, recv, recvSize, n, ioThreads);
    }
}
