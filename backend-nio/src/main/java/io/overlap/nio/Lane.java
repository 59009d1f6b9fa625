package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Who may do the I/O of one direction (receive or send) of one connection: its loop, or, for a
 * moment, a thread that submits on it (caller-thread I/O, {@link CallerIo}).
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
 */
final class Lane {
    /** A hand-off's reason: try it again at once (the end of the stream, which the loop reports to all). */
    static final Object AGAIN = new Object();
    /** What an operation's backend state holds while its ticket is the loop's to drop. */
    static final Object TICKET_HELD = new Object();
    private static final int CALLER = 1;
    private static final int TICKET = 2;
    private static final VarHandle STATE;
    private static final VarHandle HANDOFF;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(Lane.class, "state", int.class);
            HANDOFF = l.findVarHandle(Lane.class, "handoff", Operation.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    @SuppressWarnings("unused") // accessed through HANDOFF
    private volatile Operation handoff;
    /** Why the operation was handed off: null (not ready), {@link #AGAIN} or what its call threw; published by {@link #handoff}. */
    private Object handoffReason;

    /** @return true if the calling thread now owns the direction (the lane was empty) */
    boolean tryOwn() {
        return STATE.compareAndSet(this, 0, TICKET | CALLER);
    }

    /** Takes a ticket for an operation that goes to the loop. */
    void ticket() {
        STATE.getAndAdd(this, TICKET);
    }

    /** The loop's operation completed and the user can see it. */
    void drop() {
        STATE.getAndAdd(this, -TICKET);
    }

    /**
     * The owning caller's operation completed on its thread.
     *
     * @return true if other operations hold tickets (the loop must be woken to serve them)
     */
    boolean release() {
        return (int) STATE.getAndAdd(this, -(TICKET | CALLER)) != (TICKET | CALLER);
    }

    /**
     * The owning caller hands its operation (and the direction) to the loop; the caller posts
     * the resume.
     *
     * @param op the operation, its ticket now the loop's
     * @param reason null (not ready: the loop waits for readiness), {@link #AGAIN}, or the
     *     {@link IOException} its call threw
     */
    void handOff(Operation op, Object reason) {
        handoffReason = reason;
        HANDOFF.setRelease(this, op);
        STATE.getAndAdd(this, -CALLER);
    }

    /** @return true when no operation of this direction holds a ticket and no caller owns it */
    boolean isIdle() {
        return (int) STATE.getVolatile(this) == 0;
    }

    /** @return true while a caller does this direction's I/O: the loop keeps off it */
    boolean callerOwns() {
        return ((int) STATE.getAcquire(this) & CALLER) != 0;
    }

    /** @return the handed-off operation, each to exactly one taker; or null */
    private Operation takeHandoff() {
        return (Operation) HANDOFF.getAndSet(this, (Operation) null);
    }

    boolean hasHandoff() {
        return handoff != null;
    }

    /**
     * Loop thread: takes the handed-off operation to the head of {@code q} (it was submitted
     * before everything there), or ends it if it was cancelled or the connection reset.
     *
     * @return why it was handed off ({@link #handOff}), for the connection to act on; null also
     *     when it was ended here
     */
    Object adopt(EventLoop loop, OpQueue q, boolean reset) {
        Operation op = takeHandoff();
        if (op == null) {
            return null;
        }
        Object reason = handoffReason; // written before the hand-off was published
        handoffReason = null;
        if (op.isCancelRequested()) {
            loop.results.complete(op, CompletionStatus.CANCELLED); // its cancel found it in no FIFO
            return null;
        }
        if (reset) {
            loop.results.fail(op, CompletionStatus.CONNECTION_RESET, "the peer reset the connection");
            return null;
        }
        q.addFirst(op);
        loop.timers.arm(op);
        return reason;
    }

    /** Completes the handed-off operation no loop will take (a close, a dead loop), if any; any thread. */
    void failHandoff(NioProactor proactor, CompletionStatus status, String message, CompletionBatch batch) {
        Operation op = takeHandoff();
        if (op != null) {
            handoffReason = null;
            proactor.failed(op, status, message, batch);
        }
    }
}
