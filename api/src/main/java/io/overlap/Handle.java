package io.overlap;

import java.net.InetSocketAddress;

/** A socket owned by one {@link Proactor}: a {@link Listener} or a {@link Connection}. */
public interface Handle {
    /** @return an id unique within the owning proactor */
    long id();

    /** @return the local address the socket is bound to */
    InetSocketAddress localAddress();

    /** @return false once {@link Proactor#close(Handle)} (or the proactor's close) has been called */
    boolean isOpen();
}
