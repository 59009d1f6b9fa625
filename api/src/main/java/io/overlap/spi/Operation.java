package io.overlap.spi;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.OpKind;
import io.overlap.OptionSet;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One submitted operation: what was asked, the buffers it owns until it completes, and its
 * result. The same object is handed to the user as the {@link Completion}, so an operation
 * costs one allocation of 64 bytes (with compressed references); what only some operations
 * need (a timeout, an error message) lives in a side object made only for them.
 *
 * <p>Until completion it belongs to the backend, which changes it only through the
 * {@link OpAccess} capability its proactor holds (its link and scratch state, the bytes moved,
 * a pooled receive's lease); users, who get it as a {@link Completion}, have no public way to
 * change it. The result is set only through {@link AbstractProactor}'s completion methods,
 * which enforce exactly-once; after that the object is never changed again.
 */
public final class Operation implements Completion {
    private static final ByteBuffer[] NO_BUFFERS = new ByteBuffer[0];
    private static final OpKind[] KINDS = OpKind.values();
    private static final CompletionStatus[] STATUSES = CompletionStatus.values();
    private static final VarHandle BITS;

    static {
        try {
            BITS = MethodHandles.lookup().findVarHandle(Operation.class, "bits", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // bits: kind ordinal (bits 0-1) | state (bits 2-3) | status ordinal + 1 (bits 4-7)
    private static final int KIND_MASK = 0x3;
    private static final int STATE_MASK = 0xC;
    private static final int CANCEL_REQUESTED = 0x4;
    private static final int DONE = 0x8;
    private static final int STATUS_SHIFT = 4;

    private final long id;
    private final AbstractHandle target;
    private final Object attachment;
    /**
     * What the operation works with, then what it hands over: the caller's {@code ByteBuffer[]}
     * for a receive or send; a {@link BufferPool}, then its {@link BufferLease}, for a pooled
     * receive; the remote address, then the {@link Connection}, for a connect; nothing, then
     * the {@link Connection}, for an accept.
     */
    private Object payload;
    private long transferred;
    @SuppressWarnings("unused") // accessed through BITS
    private volatile int bits;
    private Extras extras;

    /** Backend-owned link, e.g. for per-connection FIFO queues; reached through {@link OpAccess}. */
    Operation next;
    /** Backend-owned per-operation state (e.g. a native block); reached through {@link OpAccess}. */
    Object backendState;

    /** Link used only by the completion queue. */
    Operation completionNext;

    Operation(long id, OpKind kind, AbstractHandle target, ByteBuffer[] buffers, Object attachment,
            long timeoutNanos, InetSocketAddress remote) {
        this(id, kind, target, buffers, attachment, timeoutNanos, remote, null);
    }

    /** @param remote a connect's {@link InetSocketAddress}, or its {@link ConnectSpec} when it has more */
    Operation(long id, OpKind kind, AbstractHandle target, ByteBuffer[] buffers, Object attachment,
            long timeoutNanos, Object remote, BufferPool pool) {
        this.id = id;
        this.target = target;
        this.attachment = attachment;
        this.payload = buffers != null ? buffers : pool != null ? pool : remote;
        if (timeoutNanos > 0) {
            extras().timeoutNanos = timeoutNanos;
        }
        this.bits = kind.ordinal();
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public OpKind kind() {
        return KINDS[bits & KIND_MASK];
    }

    /** @return the handle it was submitted on ({@code null} for a connect) */
    public AbstractHandle target() {
        return target;
    }

    @Override
    public Handle handle() {
        return target != null ? target : connection();
    }

    @Override
    public ByteBuffer[] buffers() {
        Object p = payload;
        return p instanceof ByteBuffer[] ? (ByteBuffer[]) p : NO_BUFFERS;
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    /** @return the timeout asked for, in nanoseconds; 0 for none */
    public long timeoutNanos() {
        Extras x = extras;
        return x == null ? 0 : x.timeoutNanos;
    }

    /** @return the backend's absolute deadline in {@link System#nanoTime()} terms, if it set one */
    long deadline() {
        Extras x = extras;
        return x == null ? 0 : x.deadline;
    }

    /**
     * The absolute deadline, when the operation has a timeout ({@link Deadlines} only).
     *
     * @param nanoTime a {@link System#nanoTime()} value
     */
    void setDeadline(long nanoTime) {
        extras().deadline = nanoTime;
    }

    Deadlines timers() {
        Extras x = extras;
        return x == null ? null : x.timers;
    }

    void setTimers(Deadlines d) {
        extras().timers = d;
    }

    /** @return the backend's position for it in a timer structure; -1 when not in one */
    int timerIndex() {
        Extras x = extras;
        return x == null ? -1 : x.timerIndex;
    }

    /**
     * Backend-owned: the position in a timer structure, -1 when not in one.
     *
     * @param index the position
     */
    void setTimerIndex(int index) {
        if (index >= 0 || extras != null) {
            extras().timerIndex = index;
        }
    }

    /** @return the address a connect goes to, while it is pending; {@code null} for other kinds */
    public InetSocketAddress remote() {
        Object p = payload;
        return p instanceof InetSocketAddress ? (InetSocketAddress) p
                : p instanceof ConnectSpec ? ((ConnectSpec) p).remote : null;
    }

    /**
     * @return the local address a pending connect binds before connecting; {@code null} when
     *     the OS chooses it, and for other kinds
     */
    public InetSocketAddress connectLocal() {
        Object p = payload;
        return p instanceof ConnectSpec ? ((ConnectSpec) p).local : null;
    }

    /**
     * @return the options a pending connect applies, in order, before it binds: the caller's
     *     over the shared defaults (e.g. {@code TCP_NODELAY} from the configuration), checked
     *     and supported; empty for other kinds
     */
    public OptionSet connectOptions() {
        Object p = payload;
        return p instanceof ConnectSpec ? ((ConnectSpec) p).options : OptionSet.empty();
    }

    /** @return the pool a pending pooled receive leases from; {@code null} for every other operation */
    public BufferPool pool() {
        Object p = payload;
        return p instanceof BufferPool ? (BufferPool) p : null;
    }

    /**
     * Hands a pooled receive the lease holding its data, before it completes OK (backend
     * thread only). The lease then belongs to whoever takes the completion.
     *
     * @param lease the lease, its buffer flipped over the received bytes
     */
    void setLease(BufferLease lease) {
        if (!(payload instanceof BufferPool)) {
            throw new IllegalStateException("not a pending pooled receive: " + this);
        }
        this.payload = lease;
    }

    @Override
    public BufferLease lease() {
        Object p = payload;
        return p instanceof BufferLease ? (BufferLease) p : null;
    }

    @Override
    public CompletionStatus status() {
        int s = (bits >>> STATUS_SHIFT) & 0xF;
        return s == 0 ? null : STATUSES[s - 1];
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
    void addTransferred(long n) {
        transferred += n;
    }

    @Override
    public int nativeError() {
        Extras x = extras;
        return x == null ? 0 : x.nativeError;
    }

    @Override
    public String message() {
        Extras x = extras;
        return x == null ? null : x.message;
    }

    @Override
    public Connection connection() {
        Object p = payload;
        return p instanceof Connection ? (Connection) p : null;
    }

    /** @return true once it has completed */
    public boolean isDone() {
        return (bits & DONE) != 0;
    }

    /** @return true if a cancel was asked for and it has not completed yet */
    public boolean isCancelRequested() {
        return (bits & STATE_MASK) == CANCEL_REQUESTED;
    }

    /** Marks that a cancel was asked for; false if it was already asked or it is done. */
    boolean requestCancel() {
        int b = bits;
        return (b & STATE_MASK) == 0 && BITS.compareAndSet(this, b, b | CANCEL_REQUESTED);
    }

    /** Claims the single completion; false if it was already completed (a backend bug). */
    boolean finish(CompletionStatus status, int nativeError, String message, Connection connection) {
        int b;
        do {
            b = bits;
            if ((b & DONE) != 0) {
                return false;
            }
        } while (!BITS.compareAndSet(this, b, (b & KIND_MASK) | DONE | (status.ordinal() + 1) << STATUS_SHIFT));
        if (connection != null) {
            payload = connection;
        } else if (payload instanceof BufferLease && status != CompletionStatus.OK) {
            ((BufferLease) payload).release(); // a failed receive hands no data over, so it keeps no buffer either
            payload = null;
        }
        if (nativeError != 0 || message != null) {
            Extras x = extras();
            x.nativeError = nativeError;
            x.message = message;
        }
        return true;
    }

    /** @return the slow-operation event timing it, begun at submission while recording; else null */
    SlowOperationEvent probe() {
        Extras x = extras;
        return x == null ? null : x.probe;
    }

    void setProbe(SlowOperationEvent e) {
        if (e != null || extras != null) {
            extras().probe = e;
        }
    }

    private Extras extras() {
        Extras x = extras;
        if (x == null) {
            x = extras = new Extras();
        }
        return x;
    }

    @Override
    public String toString() {
        CompletionStatus s = status();
        int err = nativeError();
        String m = message();
        return "Completion[id=" + Long.toHexString(id) + ", " + kind() + ", handle=" + handle() + ", "
                + (s == null ? "pending" : s) + ", bytes=" + transferred
                + (err != 0 ? ", error=" + err : "")
                + (m != null ? ", message=" + m : "") + "]";
    }

    /** A connect's target when it binds a chosen local address or applies options. */
    static final class ConnectSpec {
        final InetSocketAddress remote;
        final InetSocketAddress local;
        final OptionSet options;

        ConnectSpec(InetSocketAddress remote, InetSocketAddress local, OptionSet options) {
            this.remote = remote;
            this.local = local;
            this.options = options;
        }
    }

    /** What only some operations need: a timeout, an error's details, a recording's event. */
    private static final class Extras {
        long timeoutNanos;
        long deadline;
        int timerIndex = -1;
        /** The heap it is armed in; volatile so the completing thread's disarm sees an arm that raced with it. */
        volatile Deadlines timers;
        int nativeError;
        String message;
        /** Set before the operation is handed to the backend, read by the thread completing it. */
        SlowOperationEvent probe;
    }
}
