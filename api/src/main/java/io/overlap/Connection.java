package io.overlap;

import java.net.InetSocketAddress;

/** A connected stream socket, delivered by an accept or connect completion. */
public interface Connection extends Handle {
    /** @return the peer's address */
    InetSocketAddress remoteAddress();
}
