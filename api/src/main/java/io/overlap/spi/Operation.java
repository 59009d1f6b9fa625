package io.overlap.spi;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.OpKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One submitted operation: what was asked, the buffers it owns until it completes, and its
 * result. The same object is handed to the user as the {@link Completion}, so an operation
 * costs one allocation.
 *
 * <p>Until completion it belongs to the backend, which may use the public link and scratch
 * fields ({@link #next}, {@link #deadline}, {@link #timerIndex}, {@link #backendState}) from
 * its own threads. The result is set only through {@link AbstractProactor}'s completion
 * methods, which enforce exactly-once; after that the object is never changed again.
 */
public final class Operation implements Completion {
    private static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Operation.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int PENDING = 0;
    private static final int CANCEL_REQUESTED = 1;
    private static final int DONE = 2;

    private final long id;
    private final OpKind kind;
    private final AbstractHandle target;
    private final ByteBuffer[] buffers;
    private final Object attachment;
    private final long timeoutNanos;
    private final InetSocketAddress remote;
    private final BufferPool pool;

    private CompletionStatus status;
    private BufferLease lease;
    private long transferred;
    private int nativeError;
    private String message;
    private Connection connection;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /** Backend-owned link, e.g. for per-connection FIFO queues. */
    public Operation next;
    /** Backend-owned absolute deadline in {@link System#nanoTime()} terms, when it has a timeout. */
    public long deadline;
    /** Backend-owned position in a timer structure; -1 when not in one. */
    public int timerIndex = -1;
    /** Backend-owned per-operation state (e.g. a native block). */
    public Object backendState;

    /** Link used only by the completion queue. */
    Operation completionNext;

    Operation(long id, OpKind kind, AbstractHandle target, ByteBuffer[] buffers, Object attachment,
            long timeoutNanos, InetSocketAddress remote) {
        this(id, kind, target, buffers, attachment, timeoutNanos, remote, null);
    }

    Operation(long id, OpKind kind, AbstractHandle target, ByteBuffer[] buffers, Object attachment,
            long timeoutNanos, InetSocketAddress remote, BufferPool pool) {
        this.pool = pool;
        this.id = id;
        this.kind = kind;
        this.target = target;
        this.buffers = buffers == null ? NO_BUFFERS : buffers;
        this.attachment = attachment;
        this.timeoutNanos = timeoutNanos;
        this.remote = remote;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public OpKind kind() {
        return kind;
    }

    /** @return the handle it was submitted on ({@code null} for a connect) */
    public AbstractHandle target() {
        return target;
    }

    @Override
    public Handle handle() {
        return target != null ? target : connection;
    }

    @Override
    public ByteBuffer[] buffers() {
        return buffers;
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    /** @return the timeout asked for, in nanoseconds; 0 for none */
    public long timeoutNanos() {
        return timeoutNanos;
    }

    /** @return the address a connect goes to; {@code null} for other kinds */
    public InetSocketAddress remote() {
        return remote;
    }

    /** @return the pool a pooled receive leases from; {@code null} for every other operation */
    public BufferPool pool() {
        return pool;
    }

    /**
     * Hands a pooled receive the lease holding its data, before it completes OK (backend
     * thread only). The lease then belongs to whoever takes the completion.
     *
     * @param lease the lease, its buffer flipped over the received bytes
     */
    public void setLease(BufferLease lease) {
        if (pool == null) {
            throw new IllegalStateException("not a pooled receive: " + this);
        }
        this.lease = lease;
    }

    @Override
    public BufferLease lease() {
        return lease;
    }

    @Override
    public CompletionStatus status() {
        return status;
    }

    @Override
    public long bytesTransferred() {
        return transferred;
    }

    /**
     * Adds bytes moved so far (backend thread only, while pending).
     *
     * @param n bytes moved by one system call
     */
    public void addTransferred(long n) {
        transferred += n;
    }

    @Override
    public int nativeError() {
        return nativeError;
    }

    @Override
    public String message() {
        return message;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    /** @return true once it has completed */
    public boolean isDone() {
        return state == DONE;
    }

    /** @return true if a cancel was asked for and it has not completed yet */
    public boolean isCancelRequested() {
        return state == CANCEL_REQUESTED;
    }

    /** Marks that a cancel was asked for; false if it was already asked or it is done. */
    boolean requestCancel() {
        return STATE.compareAndSet(this, PENDING, CANCEL_REQUESTED);
    }

    /** Claims the single completion; false if it was already completed (a backend bug). */
    boolean finish(CompletionStatus status, int nativeError, String message, Connection connection) {
        int s;
        do {
            s = state;
            if (s == DONE) {
                return false;
            }
        } while (!STATE.compareAndSet(this, s, DONE));
        if (status != CompletionStatus.OK && lease != null) {
            lease.release(); // a failed receive hands no data over, so it keeps no buffer either
            lease = null;
        }
        this.status = status;
        this.nativeError = nativeError;
        this.message = message;
        this.connection = connection;
        return true;
    }

    @Override
    public String toString() {
        return "Completion[id=" + Long.toHexString(id) + ", " + kind + ", handle=" + handle() + ", "
                + (status == null ? "pending" : status) + ", bytes=" + transferred
                + (nativeError != 0 ? ", error=" + nativeError : "")
                + (message != null ? ", message=" + message : "") + "]";
    }
}
