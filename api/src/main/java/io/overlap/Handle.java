package io.overlap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.util.Set;

/**
 * A socket owned by one {@link Proactor}: a {@link Listener} or a {@link Connection}.
 *
 * <h2>Socket options</h2>
 * The JDK's {@link java.net.StandardSocketOptions} are set and read with
 * {@link #setOption} and {@link #getOption}, from any thread, at any time while the handle is
 * open (also while operations are pending on it). Every backend supports, on a connection:
 * {@code TCP_NODELAY}, {@code SO_KEEPALIVE}, {@code SO_RCVBUF}, {@code SO_SNDBUF},
 * {@code SO_LINGER}, {@code SO_REUSEADDR}, and {@code SO_REUSEPORT} where the OS has it; on a
 * listener: {@code SO_RCVBUF}, {@code SO_REUSEADDR}, and {@code SO_REUSEPORT} where the OS has it.
 * {@link #supportedOptions()} says which exactly. The value rules are those of
 * {@link io.overlap.spi.OptionRules}.
 *
 * <p>The defaults are the same on every backend: {@code TCP_NODELAY} as
 * {@link ProactorConfig#tcpNoDelay()} says (true unless configured); {@code SO_KEEPALIVE}
 * false; {@code SO_LINGER} off ({@code -1}); {@code SO_REUSEPORT} false; {@code SO_REUSEADDR}
 * true on a listener (it may bind while connections of an earlier server on its port linger in
 * {@code TIME_WAIT}; it never lets two live listeners share a port) and false on a connection
 * made by a connect, while an accepted connection inherits its listener's. The buffer sizes
 * start at the OS's defaults, which differ between operating systems. Options given to
 * {@link Proactor#listen(InetSocketAddress, int, OptionSet)} or to a connect are applied before
 * the socket binds.
 *
 * <p>A positive {@code SO_LINGER} makes the OS's close wait, on the backend thread that closes
 * the socket, until the unsent data is sent or the time is up: keep it short.
 * {@link Proactor#abort(Connection)} is the way to reset a connection ({@code SO_LINGER} 0).
 */
public interface Handle {
    /** @return an id unique within the owning proactor */
    long id();

    /** @return the local address the socket is bound to */
    InetSocketAddress localAddress();

    /** @return false once {@link Proactor#close(Handle)} (or the proactor's close) has been called */
    boolean isOpen();

    /**
     * Sets a socket option on this handle's socket.
     *
     * @param <T> the option's value type
     * @param option the option, e.g. {@link java.net.StandardSocketOptions#SO_KEEPALIVE}
     * @param value its value
     * @return this handle
     * @throws NullPointerException if {@code option} is null
     * @throws UnsupportedOperationException if this backend does not support the option on this
     *     kind of handle (the message names the option and the backend)
     * @throws IllegalArgumentException if the value is not valid for the option; then nothing changed
     * @throws HandleClosedException if the handle is closed (or aborted, or given up by its backend)
     * @throws ProactorClosedException if the proactor is closed
     * @throws IOException if the OS refused it
     */
    <T> Handle setOption(SocketOption<T> option, T value) throws IOException;

    /**
     * Reads a socket option of this handle's socket.
     *
     * @param <T> the option's value type
     * @param option the option
     * @return its value now (for a buffer size, what the OS made of the size asked for, which
     *     may be larger; for {@code SO_LINGER}, the seconds or {@code -1} when off)
     * @throws NullPointerException if {@code option} is null
     * @throws UnsupportedOperationException if this backend does not support the option on this
     *     kind of handle (the message names the option and the backend)
     * @throws HandleClosedException if the handle is closed (or aborted, or given up by its backend)
     * @throws ProactorClosedException if the proactor is closed
     * @throws IOException if the OS refused it
     */
    <T> T getOption(SocketOption<T> option) throws IOException;

    /** @return the options this handle supports (unmodifiable); the same for every handle of its kind */
    Set<SocketOption<?>> supportedOptions();
}
