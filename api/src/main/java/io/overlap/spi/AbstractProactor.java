package io.overlap.spi;

import static io.overlap.spi.Checks.checkArgument;

import io.overlap.BufferPool;
import io.overlap.CompletionHandler;
import io.overlap.CompletionQueue;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.InFlightLimitException;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.Proactor;
import io.overlap.ProactorClosedException;
import io.overlap.OptionSet;
import io.overlap.ProactorConfig;
import io.overlap.ProactorStats;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state machine every backend shares, so that the contract is kept in one place: argument
 * checks (bad input changes nothing), operation ids and the in-flight bound, exactly-once
 * completion and its hand-off to the queue or the handler, and the close barrier after which no
 * submission reaches the backend.
 *
 * <p>A backend implements the {@code impl*} methods. It reports each result through
 * {@link #complete}, {@link #fail} or {@link #completeWithConnection}, which refuse a second
 * completion of the same operation.
 */
public abstract class AbstractProactor implements Proactor {
    /** The most buffers one receive or send may name. */
    public static final int MAX_BUFFERS = 1024;

    private static final long CLOSED_BIT = 1L << 62;
    private static final System.Logger LOG = System.getLogger(AbstractProactor.class.getName());

    private final String backendName;
    private final ProactorConfig config;
    private final OpTable ops;
    private final LinkedCompletionQueue queue;
    private final CompletionHandler handler;
    private final AtomicLong handleIds = new AtomicLong();
    /** CLOSED_BIT | number of submissions between their closed check and their hand-off. */
    private final AtomicLong gate = new AtomicLong();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final StatsCounters stats;
    /** The configured pool, or null: read per pooled receive, so not through an {@code Optional}. */
    private final BufferPool configuredPool;
    private volatile BufferPool ownPool;
    private final OptionSet connectDefaults;
    /** Asked of the backend on first use (its fields are not set yet in this constructor). */
    private Set<SocketOption<?>> connectionOptions;
    private Set<SocketOption<?>> listenerOptions;

    /** The defaults every backend's listeners share (see {@link io.overlap.Handle}). */
    private static final OptionSet LISTENER_DEFAULTS = OptionSet.of(StandardSocketOptions.SO_REUSEADDR, true);

    /**
     * @param backendName the backend's name, as {@link #backendName()} reports it
     * @param config the configuration the proactor was opened with
     */
    protected AbstractProactor(String backendName, ProactorConfig config) {
        this.backendName = backendName;
        this.config = config;
        this.configuredPool = config.bufferPool().orElse(null);
        this.ops = new OpTable(config.maxInFlight());
        this.handler = config.completionHandler().orElse(null);
        this.queue = handler == null ? new LinkedCompletionQueue() : null;
        this.stats = new StatsCounters(backendName);
        this.connectDefaults = config.tcpNoDelay() ? OptionSet.of(StandardSocketOptions.TCP_NODELAY, true)
                : OptionSet.empty();
    }

    // ---- what a backend implements ----

    /**
     * Binds and listens, applying {@code options} to the socket, in their order, before it binds.
     *
     * @param local the checked address
     * @param backlog the checked backlog
     * @param options supported listener options with checked values; they include the
     *     defaults every backend shares ({@code SO_REUSEADDR} true unless the caller asked otherwise)
     * @return the listener
     * @throws IOException if binding fails or the OS refused an option (the backend closes the socket)
     */
    protected abstract AbstractListener implListen(InetSocketAddress local, int backlog, OptionSet options)
            throws IOException;

    /**
     * @return the options this backend supports on a connection, from
     *     {@link OptionRules#CONNECTION_OPTIONS} (all but {@code SO_REUSEPORT} are required) and
     *     any of its own; the same set every time
     */
    protected abstract Set<SocketOption<?>> implConnectionOptions();

    /**
     * @return the options this backend supports on a listener, from
     *     {@link OptionRules#LISTENER_OPTIONS} (all but {@code SO_REUSEPORT} are required) and
     *     any of its own; the same set every time
     */
    protected abstract Set<SocketOption<?>> implListenerOptions();

    /**
     * Sets an option on a handle's socket: called with a supported option and a checked value
     * (see {@link OptionRules}), while the handle was open and the proactor's close had not
     * begun; the proactor's close waits for it to return. Any thread may call it, concurrently
     * with the handle's operations and with its close: the backend must not touch a socket
     * that a racing close released (the OS may have reused its number), and throws
     * {@link AbstractHandle#closedException} when it finds the handle closed.
     *
     * @param <T> the value type
     * @param handle the handle
     * @param option the option
     * @param value the value
     * @throws IOException if the OS refused it
     */
    protected abstract <T> void implSetOption(AbstractHandle handle, SocketOption<T> option, T value)
            throws IOException;

    /**
     * Reads an option of a handle's socket; called as {@link #implSetOption} is.
     *
     * @param <T> the value type
     * @param handle the handle
     * @param option a supported option
     * @return its value ({@code SO_LINGER}: seconds, or {@code -1} when off)
     * @throws IOException if the OS refused it
     */
    protected abstract <T> T implGetOption(AbstractHandle handle, SocketOption<T> option) throws IOException;

    /**
     * Closes a connection abortively: sets {@code SO_LINGER} to 0, then closes it the way
     * {@link #implClose} does, so the peer sees a reset. Its pending operations complete as at
     * a close (the core turns what they report into {@code CANCELLED}). Called once per
     * connection, instead of {@link #implClose}.
     *
     * @param connection the connection
     */
    protected abstract void implAbort(AbstractConnection connection);

    /**
     * Starts an operation. Its arguments are checked, it has an id and holds a place in the
     * in-flight table; the backend must complete it exactly once, whatever happens, including
     * when its handle is closed concurrently.
     *
     * @param op the operation
     */
    protected abstract void implSubmit(Operation op);

    /**
     * Cancels a pending operation: the backend completes it with {@code CANCELLED} unless it
     * completes with its real result first. Called at most once per operation.
     *
     * @param op the operation
     */
    protected abstract void implCancel(Operation op);

    /**
     * Shuts down the connection's output once the sends already submitted are written. Called
     * once per connection.
     *
     * @param connection the connection
     */
    protected abstract void implShutdownOutput(AbstractConnection connection);

    /**
     * Closes a handle gracefully; its pending operations complete with {@code CANCELLED}.
     * Called once per handle.
     *
     * @param handle the handle
     */
    protected abstract void implClose(AbstractHandle handle);

    /**
     * Closes every handle, completes every pending operation and stops and joins the backend's
     * threads. No submission arrives during or after this call. When it returns,
     * {@link #inFlight()} must be 0.
     */
    protected abstract void implCloseProactor();

    /** @return true if the calling thread is one of the backend's I/O threads */
    protected abstract boolean isIoThread();

    /**
     * Handler mode only: delivers an operation completed off the I/O threads by passing it to
     * {@link CompletionBatch#deliver} on one of them.
     *
     * @param completed the completed operation
     */
    protected abstract void implDeliver(Operation completed);

    // ---- what a backend calls ----

    /** @return the capability through which this backend changes its pending operations */
    protected final OpAccess opAccess() {
        return OpAccess.INSTANCE;
    }

    /**
     * Marks a handle closed because its backend can no longer serve it (its I/O thread died):
     * {@link Handle#isOpen()} turns false and later submissions on it complete {@code CLOSED},
     * but unlike a local close, what fails on it keeps its status ({@code FAILED}) rather than
     * becoming {@code CANCELLED}. The backend still owns the handle's release.
     *
     * @param handle a handle of this proactor
     * @return true for the call that closed it
     */
    protected final boolean markFailed(AbstractHandle handle) {
        return handle.markBroken();
    }

    /**
     * @return a batch for one I/O thread; the thread that begins its first turn
     *     ({@link CompletionBatch#beginTurn()}) is counted as an I/O thread in {@link #stats()}
     */
    protected final CompletionBatch newBatch() {
        return new CompletionBatch(queue, handler, stats, backendName);
    }

    /**
     * Completes with a status and no error code (e.g. {@code OK}, {@code END_OF_STREAM},
     * {@code CANCELLED}, {@code TIMED_OUT}, {@code CLOSED}).
     *
     * @param op the operation
     * @param status its status
     * @param batch the I/O thread's batch, or {@code null} off the I/O threads
     */
    protected final void complete(Operation op, CompletionStatus status, CompletionBatch batch) {
        finish(op, status, 0, null, null, batch);
    }

    /**
     * Completes with an error.
     *
     * @param op the operation
     * @param status the neutral status
     * @param nativeError the backend's code, 0 if none
     * @param message what went wrong
     * @param batch the I/O thread's batch, or {@code null} off the I/O threads
     */
    protected final void fail(Operation op, CompletionStatus status, int nativeError, String message,
            CompletionBatch batch) {
        finish(op, status, nativeError, message, null, batch);
    }

    /**
     * Completes an accept or connect with its new connection.
     *
     * @param op the operation
     * @param connection the accepted or connected connection
     * @param batch the I/O thread's batch, or {@code null} off the I/O threads
     */
    protected final void completeWithConnection(Operation op, AbstractConnection connection, CompletionBatch batch) {
        finish(op, CompletionStatus.OK, 0, null, connection, batch);
    }

    /**
     * @param id an operation id
     * @return the pending operation with that id, or {@code null}
     */
    protected final Operation pending(long id) {
        return ops.get(id);
    }

    /** @param action called for every pending operation (e.g. to cancel them all at close) */
    protected final void forEachPending(java.util.function.Consumer<Operation> action) {
        ops.forEach(action);
    }

    final long nextHandleId() {
        return handleIds.incrementAndGet();
    }

    // ---- the API ----

    @Override
    public final String backendName() {
        return backendName;
    }

    @Override
    public final ProactorConfig config() {
        return config;
    }

    @Override
    public final Listener listen(InetSocketAddress local, int backlog) throws IOException {
        return listen(local, backlog, OptionSet.empty());
    }

    @Override
    public final Listener listen(InetSocketAddress local, int backlog, OptionSet options) throws IOException {
        enter("listen");
        try {
            checkNotNull(local, "local address");
            checkArgument(!local.isUnresolved(), "local address is unresolved: %s", local);
            checkArgument(backlog >= 1, "backlog must be at least 1, was %s", backlog);
            checkNotNull(options, "options");
            OptionSet effective = LISTENER_DEFAULTS.withAll(options);
            checkAllSupported(effective, supportedListenerOptions(), "a listener");
            return implListen(local, backlog, effective);
        } finally {
            exit();
        }
    }

    @Override
    public final long submitAccept(Listener listener, Object attachment) {
        return submitAccept(listener, attachment, null);
    }

    @Override
    public final long submitAccept(Listener listener, Object attachment, Duration timeout) {
        enter("submitAccept");
        try {
            AbstractListener l = own(listener, "listener");
            return submit(OpKind.ACCEPT, l, null, attachment, toNanos(timeout), null, null);
        } finally {
            exit();
        }
    }

    @Override
    public final long submitConnect(InetSocketAddress remote, Object attachment) {
        return submitConnect(remote, attachment, null);
    }

    @Override
    public final long submitConnect(InetSocketAddress remote, Object attachment, Duration timeout) {
        return submitConnect(remote, null, OptionSet.empty(), attachment, timeout);
    }

    @Override
    public final long submitConnect(InetSocketAddress remote, InetSocketAddress local, OptionSet options,
            Object attachment, Duration timeout) {
        enter("submitConnect");
        try {
            checkNotNull(remote, "remote address");
            checkArgument(!remote.isUnresolved(), "remote address is unresolved: %s", remote);
            checkArgument(remote.getPort() != 0, "remote port must not be 0: %s", remote);
            if (local != null) {
                checkArgument(!local.isUnresolved(), "local address is unresolved: %s", local);
                checkArgument((local.getAddress() instanceof Inet6Address) == (remote.getAddress() instanceof Inet6Address),
                        "the local address %s is not of the remote address's family (%s)", local, remote);
            }
            checkNotNull(options, "options");
            OptionSet effective = connectDefaults.withAll(options);
            checkAllSupported(effective, supportedConnectionOptions(), "a connection");
            long nanos = toNanos(timeout);
            Object target = local == null && effective.isEmpty() ? remote : new Operation.ConnectSpec(remote, local, effective);
            return submit(OpKind.CONNECT, null, null, attachment, nanos, target, null);
        } finally {
            exit();
        }
    }

    @Override
    public final Set<SocketOption<?>> supportedConnectionOptions() {
        Set<SocketOption<?>> s = connectionOptions;
        if (s == null) {
            // a race makes the same set twice; the unmodifiable view's final field publishes it safely
            connectionOptions = s = frozen(implConnectionOptions());
        }
        return s;
    }

    @Override
    public final Set<SocketOption<?>> supportedListenerOptions() {
        Set<SocketOption<?>> s = listenerOptions;
        if (s == null) {
            listenerOptions = s = frozen(implListenerOptions());
        }
        return s;
    }

    private static Set<SocketOption<?>> frozen(Set<SocketOption<?>> options) {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(options));
    }

    @Override
    public final long submitRecv(Connection connection, ByteBuffer... dsts) {
        return submitRecv(connection, dsts, null, null);
    }

    @Override
    public final long submitRecv(Connection connection, ByteBuffer[] dsts, Object attachment) {
        return submitRecv(connection, dsts, attachment, null);
    }

    @Override
    public final long submitRecv(Connection connection, ByteBuffer[] dsts, Object attachment, Duration timeout) {
        enter("submitRecv");
        try {
            AbstractConnection c = own(connection, "connection");
            checkBuffers(dsts, "dsts");
            long room = 0;
            for (int i = 0; i < dsts.length; i++) {
                checkArgument(!dsts[i].isReadOnly(), "dsts[%s] is read-only: a receive must write into it", i);
                room += dsts[i].remaining();
            }
            checkArgument(room > 0, "the receive buffers have no room left (position == limit in all %s)", dsts.length);
            return submit(OpKind.RECV, c, dsts, attachment, toNanos(timeout), null, null);
        } finally {
            exit();
        }
    }

    @Override
    public final long submitRecv(Connection connection) {
        return submitRecvPooled(connection, null, null);
    }

    @Override
    public final long submitRecvPooled(Connection connection, Object attachment, Duration timeout) {
        enter("submitRecv");
        try {
            AbstractConnection c = own(connection, "connection");
            return submit(OpKind.RECV, c, null, attachment, toNanos(timeout), null, bufferPool());
        } finally {
            exit();
        }
    }

    @Override
    public final long submitRecvPooled(Connection connection, BufferPool pool, Object attachment, Duration timeout) {
        enter("submitRecvPooled");
        try {
            AbstractConnection c = own(connection, "connection");
            checkNotNull(pool, "pool");
            return submit(OpKind.RECV, c, null, attachment, toNanos(timeout), null, pool);
        } finally {
            exit();
        }
    }

    @Override
    public final BufferPool bufferPool() {
        BufferPool p = configuredPool;
        if (p != null) {
            return p;
        }
        p = ownPool;
        if (p == null) {
            synchronized (this) {
                p = ownPool;
                if (p == null) {
                    ownPool = p = BufferPool.of(ProactorConfig.DEFAULT_POOL_BUFFER_SIZE, ProactorConfig.DEFAULT_POOL_BUFFERS);
                }
            }
        }
        return p;
    }

    @Override
    public final long submitSend(Connection connection, ByteBuffer... srcs) {
        return submitSend(connection, srcs, null, null);
    }

    @Override
    public final long submitSend(Connection connection, ByteBuffer[] srcs, Object attachment) {
        return submitSend(connection, srcs, attachment, null);
    }

    @Override
    public final long submitSend(Connection connection, ByteBuffer[] srcs, Object attachment, Duration timeout) {
        enter("submitSend");
        try {
            AbstractConnection c = own(connection, "connection");
            checkBuffers(srcs, "srcs");
            long bytes = 0;
            for (ByteBuffer b : srcs) {
                bytes += b.remaining();
            }
            checkArgument(bytes > 0, "nothing to send: no bytes remain in the %s send buffer(s)", srcs.length);
            return submit(OpKind.SEND, c, srcs, attachment, toNanos(timeout), null, null);
        } finally {
            exit();
        }
    }

    @Override
    public final boolean cancel(long opId) {
        Operation op = ops.get(opId);
        if (op == null) {
            return false;
        }
        if (op.requestCancel()) {
            implCancel(op);
            return true;
        }
        return !op.isDone(); // asked before and still pending: true again, so cancel is idempotent
    }

    @Override
    public final void shutdownOutput(Connection connection) {
        enter("shutdownOutput");
        try {
            AbstractConnection c = own(connection, "connection");
            if (c.isOpen() && c.markOutputShutdown()) {
                implShutdownOutput(c);
            }
        } finally {
            exit();
        }
    }

    @Override
    public final void close(Handle handle) {
        checkNotNull(handle, "handle");
        AbstractHandle h = own(handle, "handle");
        if (!tryEnter()) {
            return; // the proactor's close closes every handle
        }
        try {
            if (h.markClosed()) {
                implClose(h);
            }
        } finally {
            exit();
        }
    }

    @Override
    public final void abort(Connection connection) {
        AbstractConnection c = own(connection, "connection");
        if (!tryEnter()) {
            return; // the proactor's close closes every handle
        }
        try {
            if (c.markClosed()) {
                implAbort(c);
            }
        } finally {
            exit();
        }
    }

    @Override
    public final int inFlight() {
        return ops.size();
    }

    @Override
    public final ProactorStats stats() {
        BufferPool own = configuredPool != null ? configuredPool : ownPool;
        int leased = own == null ? 0 : own.leased();
        return stats.snapshot(pendingByKind(), leased);
    }

    /** Reads the in-flight table (not the hot path: a snapshot's cost grows with maxInFlight). */
    private int[] pendingByKind() {
        int[] n = new int[OpKind.values().length];
        if (ops.size() > 0) {
            ops.forEach(op -> n[op.kind().ordinal()]++);
        }
        return n;
    }

    @Override
    public final CompletionQueue completions() {
        if (queue == null) {
            throw new IllegalStateException("this proactor runs in handler mode: completions go to its CompletionHandler");
        }
        return queue;
    }

    @Override
    public final void close() {
        if (isIoThread()) {
            throw new IllegalStateException("Proactor.close() must not be called from a completion handler or I/O thread");
        }
        long g;
        do {
            g = gate.get();
            if ((g & CLOSED_BIT) != 0) {
                awaitClosedUninterruptibly();
                return;
            }
        } while (!gate.compareAndSet(g, g | CLOSED_BIT));
        try {
            while (gate.get() != CLOSED_BIT) {
                Thread.onSpinWait(); // a submission is between its check and its hand-off: brief
            }
            implCloseProactor();
            if (ops.size() != 0) {
                throw new IllegalStateException(backendName + " backend left " + ops.size()
                        + " operation(s) pending after close");
            }
        } finally {
            if (queue != null) {
                queue.close();
            }
            closed.countDown();
        }
    }

    /** @return true once {@link #close()} has begun */
    public final boolean isClosed() {
        return (gate.get() & CLOSED_BIT) != 0;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[backend=" + backendName + ", inFlight=" + ops.size()
                + (isClosed() ? ", closed" : "") + "]";
    }

    // ---- internals ----

    private void checkAllSupported(OptionSet options, Set<SocketOption<?>> supported, String where) {
        for (SocketOption<?> o : options.options()) {
            OptionRules.checkSupported(o, supported, backendName, where);
        }
    }

    private long submit(OpKind kind, AbstractHandle target, ByteBuffer[] buffers, Object attachment,
            long timeoutNanos, Object remote, BufferPool pool) {
        long id = ops.reserve();
        if (id < 0) {
            throw new InFlightLimitException("too many operations in flight: the limit is " + ops.capacity()
                    + " (ProactorConfig.maxInFlight); take completions before submitting more");
        }
        Operation op = new Operation(id, kind, target, buffers, attachment, timeoutNanos, remote, pool);
        if (Flight.slowOperationsWanted()) {
            SlowOperationEvent e = new SlowOperationEvent();
            e.begin();
            op.setProbe(e);
        }
        ops.publish(op);
        if (target != null && !target.isOpen()) {
            deliver(op, CompletionStatus.CLOSED, 0, "the " + (target instanceof Listener ? "listener" : "connection")
                    + " was already closed", null, null);
        } else if (kind == OpKind.SEND && ((AbstractConnection) target).isOutputShutdown()) {
            deliver(op, CompletionStatus.CLOSED, 0, "the connection's output was already shut down", null, null);
        } else {
            try {
                implSubmit(op);
            } catch (RuntimeException | Error e) {
                // the backend keeps nothing of an operation whose start threw: it fails, and the
                // submitter learns why from its completion, like any other failure
                LOG.log(System.Logger.Level.WARNING, () -> backendName + " backend failed to take in " + op, e);
                if (!op.isDone()) {
                    fail(op, CompletionStatus.FAILED, 0, describe(e), null);
                }
            }
        }
        return id;
    }

    private void finish(Operation op, CompletionStatus status, int nativeError, String message,
            AbstractConnection connection, CompletionBatch batch) {
        if (status == CompletionStatus.TIMED_OUT && op.timeoutNanos() == 0) {
            // TIMED_OUT is the caller's timeout only; an OS time-out (ETIMEDOUT) is a failure
            status = CompletionStatus.FAILED;
            message = message != null ? message : "the connection timed out (no timeout was asked for)";
        }
        if (status != CompletionStatus.OK && status != CompletionStatus.TIMED_OUT && closedLocally(op.target())) {
            // the one close policy: what ends badly on a handle this side closed was cut short by
            // that close, whatever the OS said about it (a reset, an end of stream, a closed channel)
            status = CompletionStatus.CANCELLED;
            nativeError = 0;
            message = null;
        }
        deliver(op, status, nativeError, message, connection, batch);
    }

    /** Completes exactly once and hands the completion over, with the status as given. */
    private void deliver(Operation op, CompletionStatus status, int nativeError, String message,
            AbstractConnection connection, CompletionBatch batch) {
        if (!op.finish(status, nativeError, message, connection)) {
            throw new IllegalStateException(backendName + " backend completed an operation twice: " + op);
        }
        Deadlines.disarm(op);
        stats.completed(op, status, batch != null ? batch.countersHere() : null);
        SlowOperationEvent probe = op.probe();
        if (probe != null) {
            op.setProbe(null);
            probe.finish(op, backendName);
        }
        ops.remove(op);
        if (batch != null) {
            batch.add(op);
        } else if (queue != null) {
            queue.offer(op);
        } else {
            implDeliver(op);
        }
    }

    private static boolean closedLocally(AbstractHandle target) {
        return target != null && !target.isOpen() && !target.isBroken();
    }

    /**
     * @param t what was thrown while handling an operation
     * @return the message its completion carries: the exception's own, with its type
     */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getName() : t.getClass().getSimpleName() + ": " + m;
    }

    final void enter(String what) {
        if (!tryEnter()) {
            throw new ProactorClosedException(what + ": the proactor is closed");
        }
    }

    private boolean tryEnter() {
        long g = gate.incrementAndGet();
        if ((g & CLOSED_BIT) != 0) {
            gate.decrementAndGet();
            return false;
        }
        return true;
    }

    final void exit() {
        gate.decrementAndGet();
    }

    private void awaitClosedUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                closed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private <T extends AbstractHandle> T own(Handle handle, String what) {
        checkNotNull(handle, what);
        if (!(handle instanceof AbstractHandle) || ((AbstractHandle) handle).owner() != this) {
            throw new IllegalArgumentException(what + " " + handle + " belongs to another proactor");
        }
        return (T) handle;
    }

    private static void checkBuffers(ByteBuffer[] buffers, String name) {
        checkNotNull(buffers, name);
        checkArgument(buffers.length > 0, "%s is empty: give at least one buffer", name);
        checkArgument(buffers.length <= MAX_BUFFERS, "%s has %s buffers; at most %s", name, buffers.length, MAX_BUFFERS);
        for (int i = 0; i < buffers.length; i++) {
            if (buffers[i] == null) {
                throw new NullPointerException(name + "[" + i + "] is null");
            }
        }
    }

    private static long toNanos(Duration timeout) {
        if (timeout == null) {
            return 0;
        }
        checkArgument(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive, was %s", timeout);
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static void checkNotNull(Object o, String what) {
        if (o == null) {
            throw new NullPointerException(what + " is null");
        }
    }
}
