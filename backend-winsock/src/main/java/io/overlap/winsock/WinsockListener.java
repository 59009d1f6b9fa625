package io.overlap.winsock;

import io.overlap.spi.AbstractListener;
import io.overlap.spi.AbstractProactor;
import java.net.InetSocketAddress;

/** A listening socket of the winsock backend. */
final class WinsockListener extends AbstractListener {
    final SocketRef ref;
    final boolean ipv6;
    private final InetSocketAddress local;

    WinsockListener(AbstractProactor owner, SocketRef ref, boolean ipv6, InetSocketAddress local) {
        super(owner);
        this.ref = ref;
        this.ipv6 = ipv6;
        this.local = local;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }
}
