package io.overlap;

import java.io.IOException;
import java.net.SocketOption;

/** A listening socket, made by {@link Proactor#listen}; accepts are submitted on it. */
public interface Listener extends Handle {
    /**
     * {@inheritDoc}
     *
     * <p>On a listener, {@code SO_REUSEADDR} and {@code SO_REUSEPORT} matter when it binds;
     * give them to {@link Proactor#listen(java.net.InetSocketAddress, int, OptionSet)}. Set
     * on a bound listener, they read back as set, but whether they still change anything
     * depends on the OS.
     * {@code SO_RCVBUF} set here is inherited by connections accepted afterwards.
     *
     * @return this listener
     */
    @Override
    <T> Listener setOption(SocketOption<T> option, T value) throws IOException;
}
