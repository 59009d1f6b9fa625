package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractConnection;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;

/**
 * What of a connection its submitting threads share with its loop: the two <em>lanes</em>, one
 * per direction (receive, send), which say who may do that direction's I/O (its loop, or for a
 * moment a thread that submits on it: caller-thread I/O, {@link CallerIo}); whether a reset was
 * seen; and the loop's side of a hand-back, which puts what a submitting thread gave up at the
 * head of its FIFO. A lane is two fields of the connection, not an object, so an idle
 * connection is one object. The FIFOs and the I/O the loop does are {@link NioConnection}'s,
 * touched only on the loop's thread.
 *
 * <p><b>The ownership rule.</b> Every receive or send on the connection holds a ticket of its
 * lane from its submission until its completion has been handed to the user (the completion
 * queue, or the handler); the lane's state counts the tickets and has one more bit,
 * {@code CALLER}, set while a submitting thread does the direction's I/O.
 * <ul>
 * <li>A submitting thread that is not the loop's may do the I/O itself only by moving the state
 *     from 0 (no operation of this direction anywhere: none in the loop's FIFO, none in its
 *     inbox, none completed in the loop's batch and not yet flushed, no other caller) to one
 *     ticket with {@code CALLER}, in one CAS. Nothing was submitted before it that is still
 *     pending or unseen, so neither its I/O nor its completion overtakes anything.</li>
 * <li>Any other submission takes a ticket and goes to the loop's inbox as before; the loop
 *     queues it in the direction's FIFO but does no I/O of that direction while {@code CALLER}
 *     is set (it neither reads or writes, nor asks the selector for that readiness).</li>
 * <li>The caller's operation either completes on its thread (through the core's normal path,
 *     so both queue and handler mode see it), and then the caller drops its ticket and
 *     {@code CALLER} in one step and, when tickets remain, wakes the loop; or the channel is not
 *     ready (a read of 0, a partial write, an error, an end of stream) and the caller hands the
 *     connection to its loop: it puts the operation in the lane's hand-off slot, clears
 *     {@code CALLER} and posts a resume. The loop takes the hand-off to the head of the FIFO,
 *     before everything submitted after it, so FIFO holds across threads, and nothing waits
 *     unseen (each release re-checks the tickets: no lost wake-up).</li>
 * <li>Cancel, close and timeout never touch an operation the caller holds: they mark it (a
 *     cancel request, a closed handle), and whoever owns it next (the loop, taking the hand-off)
 *     finishes it; a timeout is armed only when the loop takes it. Every operation is completed
 *     by exactly one owner.</li>
 * </ul>
 * The loop owns the direction whenever {@code CALLER} is clear; an operation taken in by the
 * loop drops its ticket once its completion is handed over: at once when it goes straight to
 * the user, else after the loop's turn flushes its batch ({@link LoopResults#flush}). Dropping
 * it at completion would let a caller's later operation reach the queue first. An operation
 * the loop thread submits may take over the ticket such a completion still holds
 * ({@link LoopResults#ticket}): the count then stays above zero until the later one's flush.
 *
 * <p>An operation's backend state says where its ticket is: {@link #TICKET_HELD} while the loop
 * is to drop it; while it waits in a hand-off slot, why it was handed off ({@link #NOT_READY},
 * {@link #AGAIN} or what its call threw), until its taker reads that and sets it back.
 */
abstract class LanedConnection extends AbstractConnection implements LoopHandle {
    /** What an operation's backend state holds while its ticket is the loop's to drop. */
    static final Object TICKET_HELD = new Object();
    /** A hand-off's reason: the channel was not ready (the loop waits for readiness). */
    static final Object NOT_READY = new Object();
    /** A hand-off's reason: try it again at once (the end of the stream, which the loop reports to all). */
    static final Object AGAIN = new Object();
    private static final int CALLER = 1;
    private static final int TICKET = 2;
    private static final VarHandle RECV_STATE;
    private static final VarHandle SEND_STATE;
    private static final VarHandle RECV_HANDOFF;
    private static final VarHandle SEND_HANDOFF;
    private static final VarHandle RESUME_QUEUED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RECV_STATE = l.findVarHandle(LanedConnection.class, "recvState", int.class);
            SEND_STATE = l.findVarHandle(LanedConnection.class, "sendState", int.class);
            RECV_HANDOFF = l.findVarHandle(LanedConnection.class, "recvHandoff", Operation.class);
            SEND_HANDOFF = l.findVarHandle(LanedConnection.class, "sendHandoff", Operation.class);
            RESUME_QUEUED = l.findVarHandle(LanedConnection.class, "resumeQueued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final EventLoop loop;
    /** Each lane's tickets and {@code CALLER} bit (accessed through RECV_STATE, SEND_STATE). */
    @SuppressWarnings("unused")
    private volatile int recvState;
    @SuppressWarnings("unused")
    private volatile int sendState;
    /** Each lane's hand-off slot (accessed through RECV_HANDOFF, SEND_HANDOFF). */
    @SuppressWarnings("unused")
    private volatile Operation recvHandoff;
    @SuppressWarnings("unused")
    private volatile Operation sendHandoff;
    /** A reset was seen by some operation: every receive and send from now on is reset too (read by submitters). */
    volatile boolean reset;
    /** Handed back and not yet taken by the loop ({@link HandBacks}): at most once in its stack. */
    @SuppressWarnings("unused") // accessed through RESUME_QUEUED
    private volatile boolean resumeQueued;
    /** The next connection in the loop's stack of hand-backs; written before the push that publishes it. */
    LanedConnection resumeNext;
    /** Its neighbours in the loop's {@link HandleList}, guarded by that list's lock. */
    LanedConnection prevHandle;
    LanedConnection nextHandle;

    LanedConnection(NioProactor owner, InetSocketAddress local, InetSocketAddress remote, EventLoop loop) {
        super(owner, local, remote);
        this.loop = loop;
    }

    @Override
    public final EventLoop loop() {
        return loop;
    }

    // ---- the lanes: any thread ----

    /** @return true if the calling thread now owns the direction (the lane was empty) */
    final boolean tryOwn(OpKind kind) {
        return kind == OpKind.RECV
                ? RECV_STATE.compareAndSet(this, 0, TICKET | CALLER)
                : SEND_STATE.compareAndSet(this, 0, TICKET | CALLER);
    }

    /** Takes a ticket for an operation that goes to the loop. */
    final void ticket(OpKind kind) {
        addState(kind, TICKET);
    }

    /** The loop's operation completed and the user can see it. */
    final void drop(OpKind kind) {
        addState(kind, -TICKET);
    }

    /**
     * The owning caller's operation completed on its thread.
     *
     * @return true if other operations hold tickets (the loop must be woken to serve them)
     */
    final boolean release(OpKind kind) {
        return addState(kind, -(TICKET | CALLER)) != (TICKET | CALLER);
    }

    /**
     * The owning caller hands its operation (and the direction) to the loop; the caller posts
     * the resume.
     *
     * @param op the operation, its ticket now the loop's
     * @param reason {@link #NOT_READY}, {@link #AGAIN}, or the {@link IOException} its call threw
     */
    final void handOff(Operation op, Object reason) {
        loop.access.setState(op, reason); // read by the taker, who sets it back to TICKET_HELD
        if (op.kind() == OpKind.RECV) {
            RECV_HANDOFF.setRelease(this, op);
        } else {
            SEND_HANDOFF.setRelease(this, op);
        }
        addState(op.kind(), -CALLER);
    }

    /** @return true when no operation of this direction holds a ticket and no caller owns it */
    final boolean isIdle(OpKind kind) {
        return (kind == OpKind.RECV ? (int) RECV_STATE.getVolatile(this) : (int) SEND_STATE.getVolatile(this)) == 0;
    }

    /** @return true while a caller does this direction's I/O: the loop keeps off it */
    final boolean callerOwns(OpKind kind) {
        int s = kind == OpKind.RECV ? (int) RECV_STATE.getAcquire(this) : (int) SEND_STATE.getAcquire(this);
        return (s & CALLER) != 0;
    }

    private int addState(OpKind kind, int delta) {
        return kind == OpKind.RECV ? (int) RECV_STATE.getAndAdd(this, delta) : (int) SEND_STATE.getAndAdd(this, delta);
    }

    /** @return the handed-off operation, each to exactly one taker, its ticket the loop's again; or null */
    private Operation takeHandoff(OpKind kind) {
        return kind == OpKind.RECV
                ? (Operation) RECV_HANDOFF.getAndSet(this, (Operation) null)
                : (Operation) SEND_HANDOFF.getAndSet(this, (Operation) null);
    }

    // ---- the loop's side ----

    /** @return true once the loop has closed the connection */
    abstract boolean closedOnLoop();

    /** Puts {@code op} at the head of the loop's FIFO of {@code kind}. */
    abstract void pushFirst(OpKind kind, Operation op);

    /** An I/O call of {@code direction} failed (see {@link NioConnection}). */
    abstract void failed(IOException e, OpKind direction);

    /** @return true once a reset was seen: a submitter leaves the operation to the loop, which reports it */
    final boolean resetSeen() {
        return reset;
    }

    /** @return true if this call put the connection in its loop's hand-backs (it was not there) */
    final boolean markResumeQueued() {
        return RESUME_QUEUED.compareAndSet(this, false, true);
    }

    /** The loop took the connection out of its hand-backs: a later hand-back puts it there again. */
    final void clearResumeQueued() {
        resumeQueued = false;
    }

    /**
     * Takes back what a submitting thread handed over and serves both directions again; posted
     * by that thread (see the ownership rule above).
     */
    final void resume() {
        if (!closedOnLoop() && !isOpen()) {
            close(CompletionStatus.CANCELLED, null);
        }
        if (closedOnLoop()) {
            failHandoffs(CompletionStatus.CLOSED, "the connection was closed", loop.results.batch);
            return;
        }
        boolean readNow = adopt(OpKind.RECV);
        boolean writeNow = adopt(OpKind.SEND);
        onReady((readNow ? SelectionKey.OP_READ : 0) | (writeNow ? SelectionKey.OP_WRITE : 0));
    }

    /**
     * Loop thread: puts a handed-off operation at the head of its FIFO (it was submitted before
     * all there), or ends it if it was cancelled or the connection reset.
     *
     * @return true if the direction should be tried at once: what queued behind a caller was
     *     never tried; a hand-off because the channel was not ready waits for readiness
     */
    final boolean adopt(OpKind kind) {
        Operation op = takeHandoff(kind);
        if (op == null) {
            return true;
        }
        Object reason = loop.access.state(op); // written before the hand-off was published
        loop.access.setState(op, TICKET_HELD);
        if (op.isCancelRequested()) {
            loop.results.complete(op, CompletionStatus.CANCELLED); // its cancel found it in no FIFO
            return false;
        }
        if (reset) {
            loop.results.fail(op, CompletionStatus.CONNECTION_RESET, "the peer reset the connection");
            return false;
        }
        pushFirst(kind, op);
        loop.timers.arm(op);
        if (reason instanceof IOException e) {
            failed(e, kind);
        }
        return reason == AGAIN;
    }

    /** Completes what submitting threads handed over and no loop took (a close, a dead loop); any thread. */
    final void failHandoffs(CompletionStatus status, String message, CompletionBatch batch) {
        failHandoff(OpKind.RECV, status, message, batch);
        failHandoff(OpKind.SEND, status, message, batch);
    }

    private void failHandoff(OpKind kind, CompletionStatus status, String message, CompletionBatch batch) {
        Operation op = takeHandoff(kind);
        if (op != null) {
            loop.access.setState(op, TICKET_HELD);
            loop.proactor.failed(op, status, message, batch);
        }
    }
}
