package io.overlap.winsock;

import io.overlap.spi.AbstractConnection;
import io.overlap.spi.AbstractProactor;
import java.net.InetSocketAddress;

/** A connected socket of the winsock backend. */
final class WinsockConnection extends AbstractConnection {
    final SocketRef ref;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;

    WinsockConnection(AbstractProactor owner, SocketRef ref, InetSocketAddress local, InetSocketAddress remote) {
        super(owner);
        this.ref = ref;
        this.local = local;
        this.remote = remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }
}
