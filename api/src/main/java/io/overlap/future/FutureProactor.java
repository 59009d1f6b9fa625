package io.overlap.future;

import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionHandler;
import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Proactor} whose submissions return a {@link CompletableFuture} of their
 * {@link Completion}, for callers who prefer futures to a queue or a handler.
 *
 * <p>It runs the proactor in handler mode and adds no thread: the I/O thread that completes an
 * operation completes its future, which is the operation's attachment (so
 * {@link Completion#attachment()} of a completion got this way is its future). Hence:
 * <ul>
 * <li><b>Non-async stages run on an I/O thread.</b> {@code thenApply}, {@code thenCompose},
 *     {@code whenComplete}... registered before the completion run on the I/O thread that
 *     completes the future (or, as {@link CompletableFuture} allows, on a thread waiting in that
 *     very future's {@code join()} or {@code get()} at the time, or on the registering thread if
 *     the future is already done). On the I/O thread they must not block (like a
 *     {@link CompletionHandler}): submitting from there is fine, waiting on a future there
 *     deadlocks that thread. Use the {@code *Async} variants with an executor to run
 *     elsewhere.</li>
 * <li><b>Blocking is for other threads.</b> {@link CompletableFuture#join()} or {@code get()}
 *     parks the calling thread; on JDK 21 and later a virtual thread parks alone and frees its
 *     carrier, so a virtual thread per connection that joins each future is a fine style.</li>
 * </ul>
 *
 * <p>The contract is the proactor's, said in futures:
 * <ul>
 * <li>Each future completes exactly once, <b>normally, with the completion, whatever its
 *     status</b>: {@code END_OF_STREAM}, {@code TIMED_OUT} or {@code CONNECTION_RESET} are
 *     results to look at, not exceptions.</li>
 * <li>Bad input, a closed proactor or a full in-flight table is refused <b>at submission, by the
 *     exception the plain API throws</b> ({@code IllegalArgumentException},
 *     {@code NullPointerException}, {@link io.overlap.ProactorClosedException},
 *     {@link io.overlap.InFlightLimitException}); then nothing was submitted and there is no
 *     future.</li>
 * <li><b>Cancelling a future cancels its operation</b> ({@code cancel(true)} and
 *     {@code cancel(false)} alike), and so does completing it early by other means
 *     ({@code orTimeout}, {@code completeOnTimeout}, {@code complete}). The future ends at once
 *     (a {@code CancellationException} for {@code cancel}); the operation still completes
 *     exactly once inside the proactor, and if it had already succeeded (a race), what it
 *     handed over (a pooled receive's lease, an accepted or connected connection) is released
 *     or closed, since nobody will read it. Bytes a receive wrote into the caller's buffers in
 *     such a race are lost to the caller: cancel a receive only to give the connection up.</li>
 * <li>Closing the proactor completes every pending future with its {@code CANCELLED}
 *     completion.</li>
 * </ul>
 *
 * <p>Operations submitted on {@link #proactor()} directly (not through this class) complete to
 * the {@link CompletionHandler} of the configuration it was opened with, if it had one;
 * otherwise what they hand over is released and the completion dropped.
 */
public final class FutureProactor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FutureProactor.class.getName());

    private final CompletionHandler others;
    private final Proactor proactor;

    private FutureProactor(ProactorConfig config) throws IOException {
        this.others = config.completionHandler().orElse(null);
        // no operation exists before this returns, so the handler never sees this half-made
        this.proactor = Proactor.open(config.toBuilder().completionHandler(this::completed).build());
    }

    /**
     * Opens one on the backend the system property names, with the default configuration.
     *
     * @return the new proactor
     * @throws IOException if the backend cannot set up its resources
     * @see Proactor#open()
     */
    public static FutureProactor open() throws IOException {
        return open(ProactorConfig.defaults());
    }

    /**
     * Opens one with the given configuration. Its {@link ProactorConfig#completionHandler()},
     * if any, receives the completions of operations submitted on {@link #proactor()} directly.
     *
     * @param config the configuration
     * @return the new proactor
     * @throws IOException if the backend cannot set up its resources
     * @see Proactor#open(ProactorConfig)
     */
    public static FutureProactor open(ProactorConfig config) throws IOException {
        if (config == null) {
            throw new NullPointerException("config");
        }
        return new FutureProactor(config);
    }

    /** @return the proactor underneath, for what has no future (stats, half-close, direct submissions) */
    public Proactor proactor() {
        return proactor;
    }

    /**
     * Binds a listening socket at once.
     *
     * @param local the address to bind (port 0 picks a free one)
     * @param backlog the accept backlog, at least 1
     * @return the listener
     * @throws IOException if binding fails
     * @see Proactor#listen
     */
    public Listener listen(InetSocketAddress local, int backlog) throws IOException {
        return proactor.listen(local, backlog);
    }

    /**
     * @param listener where to accept
     * @return the accept's future; its completion carries the new connection when OK
     * @see Proactor#submitAccept(Listener, Object)
     */
    public CompletableFuture<Completion> accept(Listener listener) {
        return accept(listener, null);
    }

    /**
     * @param listener where to accept
     * @param timeout a positive timeout ({@code TIMED_OUT}), or {@code null} for none
     * @return the accept's future
     * @see Proactor#submitAccept(Listener, Object, Duration)
     */
    public CompletableFuture<Completion> accept(Listener listener, Duration timeout) {
        OpFuture f = new OpFuture(this);
        return f.submitted(proactor.submitAccept(listener, f, timeout));
    }

    /**
     * @param remote where to connect; must be resolved
     * @return the connect's future; its completion carries the new connection when OK
     * @see Proactor#submitConnect(InetSocketAddress, Object)
     */
    public CompletableFuture<Completion> connect(InetSocketAddress remote) {
        return connect(remote, null);
    }

    /**
     * @param remote where to connect; must be resolved
     * @param timeout a positive timeout ({@code TIMED_OUT}), or {@code null} for none
     * @return the connect's future
     * @see Proactor#submitConnect(InetSocketAddress, Object, Duration)
     */
    public CompletableFuture<Completion> connect(InetSocketAddress remote, Duration timeout) {
        OpFuture f = new OpFuture(this);
        return f.submitted(proactor.submitConnect(remote, f, timeout));
    }

    /**
     * @param connection the connection
     * @param dsts writable buffers with room left in at least one (scatter)
     * @return the receive's future: at least one byte, or {@code END_OF_STREAM}
     * @see Proactor#submitRecv(Connection, ByteBuffer...)
     */
    public CompletableFuture<Completion> recv(Connection connection, ByteBuffer... dsts) {
        return recv(connection, dsts, null);
    }

    /**
     * @param connection the connection
     * @param dsts writable buffers with room left in at least one (scatter)
     * @param timeout a positive timeout ({@code TIMED_OUT}), or {@code null} for none
     * @return the receive's future
     * @see Proactor#submitRecv(Connection, ByteBuffer[], Object, Duration)
     */
    public CompletableFuture<Completion> recv(Connection connection, ByteBuffer[] dsts, Duration timeout) {
        OpFuture f = new OpFuture(this);
        return f.submitted(proactor.submitRecv(connection, dsts, f, timeout));
    }

    /**
     * A pooled receive: the completion's {@link Completion#lease()} holds the data, and the
     * caller releases it.
     *
     * @param connection the connection
     * @return the receive's future
     * @see Proactor#submitRecv(Connection)
     */
    public CompletableFuture<Completion> recv(Connection connection) {
        return recvPooled(connection, null);
    }

    /**
     * @param connection the connection
     * @param timeout a positive timeout ({@code TIMED_OUT}), or {@code null} for none
     * @return the pooled receive's future
     * @see Proactor#submitRecvPooled(Connection, Object, Duration)
     */
    public CompletableFuture<Completion> recvPooled(Connection connection, Duration timeout) {
        OpFuture f = new OpFuture(this);
        return f.submitted(proactor.submitRecvPooled(connection, f, timeout));
    }

    /**
     * @param connection the connection
     * @param pool the pool to lease from
     * @param timeout a positive timeout ({@code TIMED_OUT}), or {@code null} for none
     * @return the pooled receive's future
     * @see Proactor#submitRecvPooled(Connection, BufferPool, Object, Duration)
     */
    public CompletableFuture<Completion> recvPooled(Connection connection, BufferPool pool, Duration timeout) {
        OpFuture f = new OpFuture(this);
        return f.submitted(proactor.submitRecvPooled(connection, pool, f, timeout));
    }

    /**
     * @param connection the connection
     * @param srcs buffers with bytes remaining (gather)
     * @return the send's future: every byte handed to the OS, or an error and the partial count
     * @see Proactor#submitSend(Connection, ByteBuffer...)
     */
    public CompletableFuture<Completion> send(Connection connection, ByteBuffer... srcs) {
        return send(connection, srcs, null);
    }

    /**
     * @param connection the connection
     * @param srcs buffers with bytes remaining (gather)
     * @param timeout a positive timeout ({@code TIMED_OUT}), or {@code null} for none
     * @return the send's future
     * @see Proactor#submitSend(Connection, ByteBuffer[], Object, Duration)
     */
    public CompletableFuture<Completion> send(Connection connection, ByteBuffer[] srcs, Duration timeout) {
        OpFuture f = new OpFuture(this);
        return f.submitted(proactor.submitSend(connection, srcs, f, timeout));
    }

    /**
     * Closes a handle; its pending futures complete with {@code CANCELLED}.
     *
     * @param handle the handle
     * @see Proactor#close(Handle)
     */
    public void close(Handle handle) {
        proactor.close(handle);
    }

    /**
     * Closes the proactor: every pending future completes with its {@code CANCELLED} completion
     * before this returns. Must not be called on an I/O thread (from a non-async stage).
     */
    @Override
    public void close() {
        proactor.close();
    }

    /** The proactor's handler, on its I/O threads. */
    private void completed(Completion c) {
        if (c.attachment() instanceof OpFuture && ((OpFuture) c.attachment()).owner() == this) {
            ((OpFuture) c.attachment()).deliver(c);
        } else if (others != null) {
            others.completed(c);
        } else {
            LOG.log(System.Logger.Level.WARNING, () -> "dropping the completion of an operation submitted on "
                    + "FutureProactor.proactor() directly, with no handler configured: " + c);
            OpFuture.release(c, proactor);
        }
    }

    @Override
    public String toString() {
        return "FutureProactor[" + proactor + "]";
    }
}
