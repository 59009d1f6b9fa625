package io.overlap.examples.chat;

import static com.google.common.base.Preconditions.checkArgument;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * How a {@link ChatServer} runs; every limit that keeps one client from hurting the others is here.
 *
 * @param bind the address to listen on (port 0 picks a free one)
 * @param maxClients the most people in the room; more are refused politely
 * @param maxLineBytes the longest line a client may send, in bytes without the line end
 * @param maxQueuedBytes the most bytes waiting to be sent to one client; a client that lets more
 *     pile up is disconnected as too slow
 * @param sendTimeout how long one send to a client may take before it counts as not reading
 * @param shutdownFlush how long a stopping server waits for its goodbyes to be sent
 * @param recvSize the size of one pooled receive buffer
 * @param poolBuffers the most receive buffers the server ever holds; a buffer is leased when a
 *     client's data arrives and given back as soon as its lines are decoded, so this bounds the
 *     receives waiting for the room thread, not the clients (more wait for a buffer, their bytes
 *     staying in the socket)
 */
public record ChatConfig(InetSocketAddress bind, int maxClients, int maxLineBytes, int maxQueuedBytes,
        Duration sendTimeout, Duration shutdownFlush, int recvSize, int poolBuffers) {
    /** The default longest line: 4 KiB. */
    public static final int DEFAULT_MAX_LINE = 4096;
    /** The default outbound bound per client: 256 KiB. */
    public static final int DEFAULT_MAX_QUEUED = 256 << 10;
    /** The default room size. */
    public static final int DEFAULT_MAX_CLIENTS = 1000;
    /** The default receive buffer: 4 KiB, a line's worth. */
    public static final int DEFAULT_RECV_SIZE = 4096;
    /** The default pool bound: 256 buffers (1 MiB at the default size), whatever the room size. */
    public static final int DEFAULT_POOL_BUFFERS = 256;

    /** Checks the values. */
    public ChatConfig {
        checkArgument(bind != null && !bind.isUnresolved(), "bind address must be resolved: %s", bind);
        checkArgument(maxClients >= 1, "maxClients must be at least 1: %s", maxClients);
        checkArgument(maxLineBytes >= 16 && maxLineBytes <= (1 << 20), "maxLineBytes must be 16..1 MiB: %s", maxLineBytes);
        checkArgument(maxQueuedBytes >= maxLineBytes, "maxQueuedBytes (%s) must hold at least one line (%s)",
                maxQueuedBytes, maxLineBytes);
        checkArgument(sendTimeout.toMillis() > 0, "sendTimeout must be positive: %s", sendTimeout);
        checkArgument(!shutdownFlush.isNegative(), "shutdownFlush must not be negative: %s", shutdownFlush);
        checkArgument(recvSize >= 1 && recvSize <= (1 << 20), "recvSize must be 1..1 MiB: %s", recvSize);
        checkArgument(poolBuffers >= 1 && poolBuffers <= (1 << 20), "poolBuffers must be 1..1,048,576: %s", poolBuffers);
    }

    /**
     * @param bind the address to listen on
     * @return the defaults: 1000 clients, 4 KiB lines, 256 KiB queued per client, 30 s send
     *     timeout, 2 s to flush at shutdown, pooled receives of 4 KiB from at most 256 buffers
     */
    public static ChatConfig defaults(InetSocketAddress bind) {
        return new ChatConfig(bind, DEFAULT_MAX_CLIENTS, DEFAULT_MAX_LINE, DEFAULT_MAX_QUEUED,
                Duration.ofSeconds(30), Duration.ofSeconds(2), DEFAULT_RECV_SIZE, DEFAULT_POOL_BUFFERS);
    }

    /** @param n the room size @return a copy with that room size */
    public ChatConfig withMaxClients(int n) {
        return new ChatConfig(bind, n, maxLineBytes, maxQueuedBytes, sendTimeout, shutdownFlush, recvSize, poolBuffers);
    }

    /** @param n the outbound bound per client @return a copy with that bound */
    public ChatConfig withMaxQueuedBytes(int n) {
        return new ChatConfig(bind, maxClients, maxLineBytes, n, sendTimeout, shutdownFlush, recvSize, poolBuffers);
    }

    /**
     * @param size the size of one receive buffer
     * @param buffers the pool's bound
     * @return a copy with that pool
     */
    public ChatConfig withPool(int size, int buffers) {
        return new ChatConfig(bind, maxClients, maxLineBytes, maxQueuedBytes, sendTimeout, shutdownFlush, size, buffers);
    }
}
