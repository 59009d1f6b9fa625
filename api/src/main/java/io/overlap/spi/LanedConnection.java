package io.overlap.spi;

import io.overlap.OpKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;

/**
 * A connection whose receives and sends may be done on the threads that submit them (caller-thread
 * I/O, as the JDK's NIO.2 does) as well as on its I/O thread: what those threads share with
 * that I/O thread. Each direction (receive, send) has a <em>lane</em>, which says who may do its
 * I/O now, and a hand-off slot; the connection also says whether a reset was seen, and carries
 * its place in its I/O thread's stack of hand-backs ({@link HandBacks}). A lane is two fields,
 * not an object, so an idle connection is one object. Every backend that does caller-thread I/O
 * keeps the same rule, below; its I/O thread's FIFOs and I/O are its own.
 *
 * <p><b>The ownership rule.</b> Every receive or send on the connection holds a ticket of its
 * lane from its submission until its completion has been handed to the user (the completion
 * queue, or the handler); the lane's state counts the tickets and has one more bit,
 * {@code CALLER}, set while a submitting thread does the direction's I/O.
 * <ul>
 * <li>A submitting thread that is not the I/O thread may do the I/O itself only by moving the
 *     state from 0 (no operation of this direction anywhere: none queued on the I/O thread, none
 *     handed to it, none completed in its batch and not yet flushed, no other caller) to one
 *     ticket with {@code CALLER}, in one CAS ({@link #tryOwn}). Nothing was submitted before it
 *     that is still pending or unseen, so neither its I/O nor its completion overtakes
 *     anything.</li>
 * <li>Any other submission takes a ticket ({@link #ticket}, or {@link LaneTickets#ticket} on the
 *     I/O thread) and goes to the I/O thread as before; that thread queues it but does no I/O of
 *     that direction while {@code CALLER} is set ({@link #callerOwns}).</li>
 * <li>The caller's operation either completes on its thread (through the core's normal path,
 *     so both queue and handler mode see it), and then the caller drops its ticket and
 *     {@code CALLER} in one step ({@link #release}) and, when tickets remain, hands the
 *     connection back; or it cannot complete now (the socket is not ready, a partial write, an
 *     error, an end of stream) and the caller hands the operation over ({@link #handOff}: the
 *     operation in the hand-off slot, {@code CALLER} cleared) and hands the connection back. The
 *     I/O thread takes the hand-off ({@link #takeHandoff}) to the head of its FIFO, before
 *     everything submitted after it, so FIFO holds across threads, and nothing waits unseen
 *     (each release re-checks the tickets: no lost wake-up).</li>
 * <li>Cancel, close and timeout never touch an operation a caller holds: they mark it (a cancel
 *     request, a closed handle), and whoever owns it next (the I/O thread, taking the hand-off)
 *     finishes it; a timeout is armed only when the I/O thread takes it. Every operation is
 *     completed by exactly one owner.</li>
 * </ul>
 * The I/O thread owns the direction whenever {@code CALLER} is clear; an operation it took in
 * drops its ticket once its completion is handed over: at once when it goes straight to the
 * user, else after the thread's turn flushes its batch ({@link LaneTickets}). Dropping it at
 * completion would let a caller's later operation reach the queue first.
 *
 * <p>An operation's backend state says where its ticket is: {@link #TICKET_HELD} while the I/O
 * thread is to drop it; while it waits in a hand-off slot, why it was handed off
 * ({@link #NOT_READY}, {@link #AGAIN} or what its call threw), until its taker reads that and
 * sets it back.
 */
public abstract class LanedConnection extends AbstractConnection {
    /** What an operation's backend state holds while its ticket is the I/O thread's to drop. */
    public static final Object TICKET_HELD = new Object();
    /** A hand-off's reason: the socket was not ready (the I/O thread waits for it). */
    public static final Object NOT_READY = new Object();
    /** A hand-off's reason: try it again at once (the end of the stream, which the I/O thread reports to all). */
    public static final Object AGAIN = new Object();
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
    private volatile boolean reset;
    /** Handed back and not yet taken by the I/O thread ({@link HandBacks}): at most once in its stack. */
    @SuppressWarnings("unused") // accessed through RESUME_QUEUED
    private volatile boolean resumeQueued;
    /** The next connection in a stack of hand-backs; written before the push that publishes it. */
    LanedConnection resumeNext;

    /**
     * @param owner the proactor this connection belongs to
     * @param local the local address
     * @param remote the peer's address
     */
    protected LanedConnection(AbstractProactor owner, InetSocketAddress local, InetSocketAddress remote) {
        super(owner, local, remote);
    }

    // ---- the lanes: any thread ----

    /**
     * @param kind RECV or SEND
     * @return true if the calling thread now owns the direction (the lane was empty)
     */
    public final boolean tryOwn(OpKind kind) {
        return kind == OpKind.RECV
                ? RECV_STATE.compareAndSet(this, 0, TICKET | CALLER)
                : SEND_STATE.compareAndSet(this, 0, TICKET | CALLER);
    }

    /**
     * Takes a ticket for an operation that goes to the I/O thread.
     *
     * @param kind RECV or SEND
     */
    public final void ticket(OpKind kind) {
        addState(kind, TICKET);
    }

    /**
     * An operation the I/O thread owned completed and the user can see it.
     *
     * @param kind RECV or SEND
     */
    public final void drop(OpKind kind) {
        addState(kind, -TICKET);
    }

    /**
     * The owning caller's operation completed on its thread.
     *
     * @param kind RECV or SEND
     * @return true if other operations hold tickets (the I/O thread must be handed the connection back to serve them)
     */
    public final boolean release(OpKind kind) {
        return addState(kind, -(TICKET | CALLER)) != (TICKET | CALLER);
    }

    /**
     * The owning caller hands its operation (and the direction) to the I/O thread; the caller
     * then hands the connection back.
     *
     * @param op the operation, its ticket now the I/O thread's
     * @param reason {@link #NOT_READY}, {@link #AGAIN}, or the {@link java.io.IOException} its call threw
     */
    public final void handOff(Operation op, Object reason) {
        op.backendState = reason; // read by the taker, who sets it back to TICKET_HELD
        if (op.kind() == OpKind.RECV) {
            RECV_HANDOFF.setRelease(this, op);
        } else {
            SEND_HANDOFF.setRelease(this, op);
        }
        addState(op.kind(), -CALLER);
    }

    /**
     * @param kind RECV or SEND
     * @return true when no operation of this direction holds a ticket and no caller owns it
     */
    public final boolean isIdle(OpKind kind) {
        return (kind == OpKind.RECV ? (int) RECV_STATE.getVolatile(this) : (int) SEND_STATE.getVolatile(this)) == 0;
    }

    /**
     * @param kind RECV or SEND
     * @return true while a caller does this direction's I/O: the I/O thread keeps off it
     */
    public final boolean callerOwns(OpKind kind) {
        int s = kind == OpKind.RECV ? (int) RECV_STATE.getAcquire(this) : (int) SEND_STATE.getAcquire(this);
        return (s & CALLER) != 0;
    }

    private int addState(OpKind kind, int delta) {
        return kind == OpKind.RECV ? (int) RECV_STATE.getAndAdd(this, delta) : (int) SEND_STATE.getAndAdd(this, delta);
    }

    /**
     * A volatile look at a lane's hand-off slot: a backend that lets a caller hand an operation
     * off without waking its I/O thread pairs this with a look of the caller's at a flag of its
     * own (each side writes, then reads the other's), so one of the two always sees the other.
     *
     * @param kind RECV or SEND
     * @return true if an operation waits in the slot
     */
    public final boolean hasHandoff(OpKind kind) {
        return (kind == OpKind.RECV ? RECV_HANDOFF.getVolatile(this) : SEND_HANDOFF.getVolatile(this)) != null;
    }

    /**
     * Takes what a caller handed off, each to exactly one taker; its reason is read (and its
     * ticket made the I/O thread's again) with {@link #adoptReason}.
     *
     * @param kind RECV or SEND
     * @return the operation, or null when none was handed off
     */
    public final Operation takeHandoff(OpKind kind) {
        VarHandle slot = kind == OpKind.RECV ? RECV_HANDOFF : SEND_HANDOFF;
        // the plain read first: an I/O thread that looks before every start pays no write when empty
        return slot.getAcquire(this) == null ? null : (Operation) slot.getAndSet(this, (Operation) null);
    }

    /**
     * @param op an operation just taken with {@link #takeHandoff}
     * @return why its caller handed it off: {@link #NOT_READY}, {@link #AGAIN}, or the
     *     {@link java.io.IOException} its call threw; its ticket is the I/O thread's again
     *     ({@link #TICKET_HELD})
     */
    public static Object adoptReason(Operation op) {
        Object reason = op.backendState; // written before the hand-off was published
        op.backendState = TICKET_HELD;
        return reason;
    }

    /** @return true once a reset was seen: a submitter leaves the operation to the I/O thread, which reports it */
    public final boolean resetSeen() {
        return reset;
    }

    /** A reset was seen: every receive and send from now on is reset too; the I/O thread. */
    protected final void markReset() {
        reset = true;
    }

    /**
     * Takes the lane ticket off a receive or send whose ticket the I/O thread held, before its
     * completion is handed over; the caller drops it ({@link #drop}) after the hand-over, or at
     * its batch's flush ({@link LaneTickets#dropAfterFlush}).
     *
     * @param op an operation about to complete
     * @return true if it held a ticket (now the caller's to drop)
     */
    public static boolean takeTicket(Operation op) {
        if (op.backendState != TICKET_HELD) {
            return false;
        }
        op.backendState = null;
        return true;
    }

    /**
     * Marks an operation that goes to the I/O thread as holding its lane's ticket (taken with
     * {@link #ticket} or {@link LaneTickets#ticket}).
     *
     * @param op a receive or send
     */
    public static void holdsTicket(Operation op) {
        op.backendState = TICKET_HELD;
    }

    /**
     * I/O thread: takes back what a submitting thread handed off, to the head of its FIFO, and
     * serves both directions again ({@link HandBacks#run}).
     */
    protected abstract void resume();

    final boolean markResumeQueued() {
        return RESUME_QUEUED.compareAndSet(this, false, true);
    }

    final void clearResumeQueued() {
        resumeQueued = false;
    }
}
