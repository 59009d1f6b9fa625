package io.overlap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;

/** A connected stream socket, delivered by an accept or connect completion. */
public interface Connection extends Handle {
    /** @return the peer's address */
    InetSocketAddress remoteAddress();

    /**
     * {@inheritDoc}
     *
     * @return this connection
     */
    @Override
    <T> Connection setOption(SocketOption<T> option, T value) throws IOException;
}
