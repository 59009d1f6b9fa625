package io.overlap.winsock;

import io.overlap.spi.AbstractListener;
import io.overlap.spi.AbstractProactor;
import java.net.InetSocketAddress;

/** A listening socket of the winsock backend. */
final class WinsockListener extends AbstractListener {
    final SocketRef ref;
    final boolean ipv6;

    WinsockListener(AbstractProactor owner, SocketRef ref, boolean ipv6, InetSocketAddress local) {
        super(owner, local);
        this.ref = ref;
        this.ipv6 = ipv6;
    }
}
