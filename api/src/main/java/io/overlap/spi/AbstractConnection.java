package io.overlap.spi;

import io.overlap.Connection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.Set;

/** A backend's connection: a handle with a peer and an output that can be shut down. */
public abstract class AbstractConnection extends AbstractHandle implements Connection {
    private final InetSocketAddress remote;
    private volatile boolean outputShutdown;

    /**
     * @param owner the proactor this connection belongs to
     * @param local the local address
     * @param remote the peer's address
     */
    protected AbstractConnection(AbstractProactor owner, InetSocketAddress local, InetSocketAddress remote) {
        super(owner, local);
        this.remote = remote;
    }

    @Override
    public final InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public final <T> Connection setOption(SocketOption<T> option, T value) throws IOException {
        applyOption(option, value);
        return this;
    }

    @Override
    final Set<SocketOption<?>> supportedSet() {
        return owner().supportedConnectionOptions();
    }

    @Override
    final String kindName() {
        return "a connection";
    }

    /** @return true once {@link io.overlap.Proactor#shutdownOutput} was asked for */
    public final boolean isOutputShutdown() {
        return outputShutdown;
    }

    final synchronized boolean markOutputShutdown() {
        if (outputShutdown) {
            return false;
        }
        outputShutdown = true;
        return true;
    }

    @Override
    public String toString() {
        return "Connection#" + id() + "[" + localAddress() + " -> " + remote + "]";
    }
}
