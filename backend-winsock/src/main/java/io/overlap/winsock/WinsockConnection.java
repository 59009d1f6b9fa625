package io.overlap.winsock;

import io.overlap.spi.AbstractConnection;
import io.overlap.spi.AbstractProactor;
import java.net.InetSocketAddress;

/** A connected socket of the winsock backend. */
final class WinsockConnection extends AbstractConnection {
    final SocketRef ref;

    WinsockConnection(AbstractProactor owner, SocketRef ref, InetSocketAddress local, InetSocketAddress remote) {
        super(owner, local, remote);
        this.ref = ref;
    }
}
