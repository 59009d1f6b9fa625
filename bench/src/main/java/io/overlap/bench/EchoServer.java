package io.overlap.bench;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One echo server under test: whatever arrives on a connection is written back to it.
 *
 * <p>Every implementation binds with the given backlog, sets {@code TCP_NODELAY} on accepted
 * connections, and keeps running on its own threads until {@link #close()}.
 */
public interface EchoServer extends AutoCloseable {

    /**
     * Binds and starts serving.
     *
     * @param local where to listen (port 0 picks a free one)
     * @param backlog the accept backlog
     * @return the address actually bound
     * @throws IOException if binding fails
     */
    InetSocketAddress start(InetSocketAddress local, int backlog) throws IOException;

    /** @return a one-line description for the {@code LISTENING} line (implementation, threads, buffer) */
    String describe();

    /** Stops serving and releases every socket and thread; idempotent. */
    @Override
    void close();
}
