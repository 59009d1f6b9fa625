package io.overlap;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Set;

/**
 * The completion-based socket API: submit an operation with its buffers, get its result later
 * as a {@link Completion}.
 *
 * <p>Every submission returns an operation id at once and never waits for I/O. Each accepted
 * submission completes exactly once: with success, an error, cancellation, timeout, the close
 * of its handle or the close of the proactor. From submission to completion its buffers belong
 * to the proactor; the caller must not touch them. Bad input is refused at submission with an
 * exception, and then nothing was submitted.
 *
 * <p>A proactor is safe for use by many threads. It is opened with {@link #open()} on the
 * backend that the system property {@value Backends#PROPERTY} names ({@code auto} by default).
 */
public interface Proactor extends AutoCloseable {

    /**
     * Opens a proactor with the default configuration on the selected backend.
     *
     * @return the new proactor
     * @throws IOException if the backend cannot set up its resources
     * @throws IllegalArgumentException if the backend name is unknown (the message lists the known ones)
     * @throws BackendUnavailableException if the named backend cannot run here (the message says why)
     */
    static Proactor open() throws IOException {
        return open(ProactorConfig.defaults());
    }

    /**
     * Opens a proactor with the given configuration, on {@link ProactorConfig#backend()} or,
     * when that is empty, on the backend the system property {@value Backends#PROPERTY} names.
     *
     * @param config the configuration
     * @return the new proactor
     * @throws IOException if the backend cannot set up its resources
     * @throws IllegalArgumentException if the backend name is unknown (the message lists the known ones)
     * @throws BackendUnavailableException if the named backend cannot run here (the message says why)
     */
    static Proactor open(ProactorConfig config) throws IOException {
        if (config == null) {
            throw new NullPointerException("config");
        }
        return Backends.select(config.backend().orElseGet(Backends::configuredName)).open(config);
    }

    /** @return the name of the backend that runs this proactor, e.g. {@code nio}, {@code uring} or {@code winsock} */
    String backendName();

    /** @return the configuration this proactor was opened with */
    ProactorConfig config();

    /**
     * Binds a listening socket at once.
     *
     * @param local the address to bind (port 0 picks a free one)
     * @param backlog the accept backlog, at least 1
     * @return the listener
     * @throws IOException if binding fails (e.g. the address is in use)
     */
    Listener listen(InetSocketAddress local, int backlog) throws IOException;

    /**
     * Binds a listening socket at once, with socket options applied before it binds (so that
     * e.g. {@code SO_REUSEADDR}, {@code SO_REUSEPORT} and {@code SO_RCVBUF} take effect for
     * the bind and for the connections it accepts). Options not given keep their defaults
     * (see {@link Handle}).
     *
     * @param local the address to bind (port 0 picks a free one)
     * @param backlog the accept backlog, at least 1
     * @param options the options, from {@link #supportedListenerOptions()}
     * @return the listener
     * @throws UnsupportedOperationException if an option is not supported on a listener by
     *     this backend (the message names it and the backend); nothing was bound
     * @throws IOException if binding fails (e.g. the address is in use) or the OS refused an option
     */
    Listener listen(InetSocketAddress local, int backlog, OptionSet options) throws IOException;

    /**
     * Submits an accept.
     *
     * @param listener where to accept; must belong to this proactor
     * @param attachment anything, given back in the completion
     * @return the operation id
     */
    long submitAccept(Listener listener, Object attachment);

    /**
     * Submits an accept that completes with {@link CompletionStatus#TIMED_OUT} if no connection
     * comes within {@code timeout}.
     *
     * @param listener where to accept; must belong to this proactor
     * @param attachment anything, given back in the completion
     * @param timeout a positive timeout, or {@code null} for none
     * @return the operation id
     */
    long submitAccept(Listener listener, Object attachment, Duration timeout);

    /**
     * Submits a connect. The completion carries the new {@link Connection} when it succeeds.
     *
     * @param remote where to connect; must be resolved
     * @param attachment anything, given back in the completion
     * @return the operation id
     */
    long submitConnect(InetSocketAddress remote, Object attachment);

    /**
     * Submits a connect with a timeout.
     *
     * @param remote where to connect; must be resolved
     * @param attachment anything, given back in the completion
     * @param timeout a positive timeout, or {@code null} for none
     * @return the operation id
     */
    long submitConnect(InetSocketAddress remote, Object attachment, Duration timeout);

    /**
     * Submits a connect from a chosen local address, with socket options applied before the
     * socket binds and connects (so that e.g. {@code SO_RCVBUF} shapes the connection's window
     * and {@code SO_REUSEADDR} the bind). The new connection also gets the defaults of the
     * options not given (see {@link Handle}). A bind that fails (e.g. the local address is in
     * use) completes the connect with an error, like a refused connect.
     *
     * @param remote where to connect; must be resolved
     * @param local the local address to bind before connecting, of the same family as
     *     {@code remote} (port 0 lets the OS pick the port), or {@code null} to let the OS
     *     choose both
     * @param options the options, from {@link #supportedConnectionOptions()}
     * @param attachment anything, given back in the completion
     * @param timeout a positive timeout, or {@code null} for none
     * @return the operation id
     * @throws UnsupportedOperationException if an option is not supported on a connection by
     *     this backend (the message names it and the backend); nothing was submitted
     */
    long submitConnect(InetSocketAddress remote, InetSocketAddress local, OptionSet options, Object attachment,
            Duration timeout);

    /**
     * @return the socket options a {@link Connection} of this proactor supports (unmodifiable),
     *     for {@link Handle#setOption} and for connects
     */
    Set<SocketOption<?>> supportedConnectionOptions();

    /**
     * @return the socket options a {@link Listener} of this proactor supports (unmodifiable),
     *     for {@link Handle#setOption} and for {@link #listen(InetSocketAddress, int, OptionSet)}
     */
    Set<SocketOption<?>> supportedListenerOptions();

    /**
     * Submits a receive into the remaining space of {@code dsts}, filled in order (scatter).
     * It completes with at least one byte, or {@link CompletionStatus#END_OF_STREAM}.
     *
     * @param connection the connection; must belong to this proactor
     * @param dsts writable buffers with room left in at least one
     * @return the operation id
     */
    long submitRecv(Connection connection, ByteBuffer... dsts);

    /**
     * Submits a receive with an attachment.
     *
     * @param connection the connection; must belong to this proactor
     * @param dsts writable buffers with room left in at least one
     * @param attachment anything, given back in the completion
     * @return the operation id
     */
    long submitRecv(Connection connection, ByteBuffer[] dsts, Object attachment);

    /**
     * Submits a receive with an attachment and a timeout.
     *
     * @param connection the connection; must belong to this proactor
     * @param dsts writable buffers with room left in at least one
     * @param attachment anything, given back in the completion
     * @param timeout a positive timeout, or {@code null} for none
     * @return the operation id
     */
    long submitRecv(Connection connection, ByteBuffer[] dsts, Object attachment, Duration timeout);

    /**
     * Submits a pooled receive: no buffer is pinned while the connection is idle; when data
     * arrives, a buffer of {@link BufferPool#recvSize()} bytes is leased from the proactor's
     * pool ({@link ProactorConfig#bufferPool()}) and handed over in {@link Completion#lease()},
     * which the caller releases. If the pool is exhausted it completes with
     * {@link CompletionStatus#NO_BUFFER} and the data stays in the socket. Otherwise it behaves
     * like {@link #submitRecv(Connection, ByteBuffer...)}: at least one byte or
     * {@code END_OF_STREAM}, in FIFO order with the connection's other receives.
     *
     * @param connection the connection; must belong to this proactor
     * @return the operation id
     */
    long submitRecv(Connection connection);

    /**
     * Submits a pooled receive with an attachment and a timeout.
     *
     * @param connection the connection; must belong to this proactor
     * @param attachment anything, given back in the completion
     * @param timeout a positive timeout, or {@code null} for none
     * @return the operation id
     * @see #submitRecv(Connection)
     */
    long submitRecvPooled(Connection connection, Object attachment, Duration timeout);

    /**
     * Submits a pooled receive that leases from the given pool instead of the proactor's.
     *
     * @param connection the connection; must belong to this proactor
     * @param pool the pool to lease from
     * @param attachment anything, given back in the completion
     * @param timeout a positive timeout, or {@code null} for none
     * @return the operation id
     * @see #submitRecv(Connection)
     */
    long submitRecvPooled(Connection connection, BufferPool pool, Object attachment, Duration timeout);

    /** @return the pool this proactor's pooled receives lease from by default */
    BufferPool bufferPool();

    /**
     * Submits a send of all remaining bytes of {@code srcs}, in order (gather). It completes
     * when every byte has been handed to the OS, or with an error and the partial count.
     *
     * @param connection the connection; must belong to this proactor
     * @param srcs buffers with at least one byte remaining in all
     * @return the operation id
     */
    long submitSend(Connection connection, ByteBuffer... srcs);

    /**
     * Submits a send with an attachment.
     *
     * @param connection the connection; must belong to this proactor
     * @param srcs buffers with at least one byte remaining in all
     * @param attachment anything, given back in the completion
     * @return the operation id
     */
    long submitSend(Connection connection, ByteBuffer[] srcs, Object attachment);

    /**
     * Submits a send with an attachment and a timeout.
     *
     * @param connection the connection; must belong to this proactor
     * @param srcs buffers with at least one byte remaining in all
     * @param attachment anything, given back in the completion
     * @param timeout a positive timeout, or {@code null} for none
     * @return the operation id
     */
    long submitSend(Connection connection, ByteBuffer[] srcs, Object attachment, Duration timeout);

    /**
     * Asks for a pending operation to be cancelled. It then completes with
     * {@link CompletionStatus#CANCELLED}, unless it finished first, in which case it completes
     * with that result. Either way it completes exactly once. Idempotent.
     *
     * @param opId an id returned by a submission of this proactor
     * @return true if the operation was still pending when asked; false if it had completed or
     *     the id is unknown
     */
    boolean cancel(long opId);

    /**
     * Half-closes a connection: after the sends already submitted have been written, the
     * peer sees end of stream. Receives keep working; later sends complete with
     * {@link CompletionStatus#CLOSED}.
     *
     * @param connection the connection; must belong to this proactor
     */
    void shutdownOutput(Connection connection);

    /**
     * Closes a handle gracefully. Its pending operations complete with
     * {@link CompletionStatus#CANCELLED}; later submissions on it complete with
     * {@link CompletionStatus#CLOSED}. Idempotent.
     *
     * @param handle the handle; must belong to this proactor
     */
    void close(Handle handle);

    /**
     * Closes a connection abortively: the peer sees a reset rather than an end of stream
     * ({@code SO_LINGER} 0, then close), and data not yet sent is discarded. The connection's
     * pending operations complete with {@link CompletionStatus#CANCELLED}; later submissions
     * on it complete with {@link CompletionStatus#CLOSED}; a receive pending on the peer
     * completes with {@link CompletionStatus#CONNECTION_RESET}. Does nothing on a connection
     * that is already closed (by {@link #close(Handle)} or an earlier abort), nor once the
     * proactor is closed.
     *
     * @param connection the connection; must belong to this proactor
     */
    void abort(Connection connection);

    /** @return how many operations are in flight now (submitted and not yet completed) */
    int inFlight();

    /**
     * Takes a snapshot of what this proactor has done since it opened: operations submitted
     * and completed by kind and status, bytes received and sent, buffer leases, and each I/O
     * thread's share. The counting is always on and takes no lock; see {@link ProactorStats}.
     * It may be called from any thread, also after the proactor's close.
     *
     * @return the snapshot
     */
    ProactorStats stats();

    /**
     * @return the queue of completions
     * @throws IllegalStateException in handler mode, where completions go to the handler
     */
    CompletionQueue completions();

    /**
     * Closes every handle, completes every pending operation (with
     * {@link CompletionStatus#CANCELLED}) and stops the backend's threads. When it returns,
     * every operation has completed (in queue mode the completions stay in the queue to be
     * taken). Idempotent. Must not be called from a completion handler.
     */
    @Override
    void close();
}
