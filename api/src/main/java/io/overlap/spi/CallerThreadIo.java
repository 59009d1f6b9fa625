package io.overlap.spi;

import io.overlap.OpKind;
import java.io.IOException;

/**
 * The submitting thread's side of caller-thread I/O ({@link LanedConnection}'s ownership rule),
 * one piece for every backend that does it: a receive or send submitted by a thread that is not
 * its connection's I/O thread makes its non-blocking call on that thread when its direction
 * has no owner, as the JDK's NIO.2 does, so that a send into a socket with room, or a receive
 * of data already in, costs no hand-off and no wake-up. A backend gives the call, the way to
 * its I/O thread and its completion methods.
 *
 * @param <C> the backend's connection type
 */
public abstract class CallerThreadIo<C extends LanedConnection> {
    /** What {@link #call} returns when the socket has nothing to read or no room: the I/O thread waits for it. */
    protected static final long NOT_READY = 0;
    /** What {@link #call} returns for the I/O thread to try at once (an end of stream, a closed fd): it reports it. */
    protected static final long AGAIN = -1;

    /** For subclasses. */
    protected CallerThreadIo() {
    }

    /**
     * Starts a receive or send on {@code c}: on this thread when its lane is free, else through
     * its I/O thread; any thread.
     *
     * @param c the connection
     * @param op a receive or send on it
     */
    public final void submit(C c, Operation op) {
        // a pooled receive leases its buffer on the I/O thread (idle connections pin nothing);
        // after a reset the I/O thread reports it (the socket tells it once)
        if (op.pool() == null && !c.resetSeen() && mayCall(c, op) && c.tryOwn(op.kind())) {
            attempt(c, op);
        } else {
            viaIoThread(c, op);
        }
    }

    /**
     * @param c the connection
     * @param op a receive or send that is not pooled
     * @return true if this thread may make the call (it is not the I/O thread, which lives, and
     *     the call takes these buffers)
     */
    protected abstract boolean mayCall(C c, Operation op);

    /**
     * Hands the operation to the I/O thread with a ticket of its lane
     * ({@link LanedConnection#ticket} or {@link LaneTickets#ticket}, then
     * {@link LanedConnection#holdsTicket}).
     *
     * @param c the connection
     * @param op the operation
     */
    protected abstract void viaIoThread(C c, Operation op);

    /**
     * The one non-blocking call, moving the buffers' positions.
     *
     * @param c the connection
     * @param op the operation
     * @return the bytes moved (more than 0), {@link #NOT_READY} or {@link #AGAIN}
     * @throws IOException what the call (or the fault seam) threw: the I/O thread's error table
     *     and reset rule apply to it, as to its own calls
     */
    protected abstract long call(C c, Operation op) throws IOException;

    /**
     * Completes the operation on this thread through the core (the queue, or the handler via the
     * I/O thread), with no batch.
     *
     * @param op the operation, its bytes counted
     */
    protected abstract void completeOk(Operation op);

    /**
     * Fails the operation on this thread, with no batch: a bug's containment.
     *
     * @param op the operation
     * @param e what its call threw
     */
    protected abstract void failNow(Operation op, Throwable e);

    /**
     * Hands {@code c} back to its I/O thread, which then takes what was handed off and serves
     * what queued behind the caller; any thread.
     *
     * @param c the connection
     */
    protected abstract void handBack(C c);

    /** One call while owning the lane; then completes, or hands the operation to the I/O thread. */
    private void attempt(C c, Operation op) {
        boolean recv = op.kind() == OpKind.RECV;
        long n;
        try {
            n = call(c, op);
        } catch (IOException e) {
            handOff(c, op, e);
            return;
        } catch (RuntimeException | Error e) {
            // contained to this operation: it fails, its connection goes on; an Error here hit
            // the submitting thread, not an I/O thread, so no I/O thread has to die of it
            try {
                failNow(op, e);
            } finally {
                release(c, op);
            }
            return;
        }
        if (n > 0) {
            op.addTransferred(n);
        }
        boolean done = recv ? n > 0 : n >= 0 && !hasRemaining(op);
        if (!done) {
            // not ready, or a partial send: the I/O thread waits for the socket; the end of the
            // stream: it reads it again and ends every receive
            handOff(c, op, n >= 0 ? LanedConnection.NOT_READY : LanedConnection.AGAIN);
            return;
        }
        try {
            completeOk(op);
        } finally {
            release(c, op);
        }
    }

    private static boolean hasRemaining(Operation op) {
        for (java.nio.ByteBuffer b : op.buffers()) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private void handOff(C c, Operation op, Object reason) {
        c.handOff(op, reason);
        handedOff(c, op, reason);
    }

    /**
     * Hands {@code c} back after this thread handed {@code op} off on it (its slot is written
     * and {@code CALLER} cleared, with a full fence, when this is called); by default
     * {@link #handBack}. A backend may leave its I/O thread asleep when that thread will find
     * the operation anyway.
     *
     * @param c the connection
     * @param op the operation just handed off
     * @param reason why ({@link LanedConnection#NOT_READY}, {@link LanedConnection#AGAIN} or
     *     what its call threw)
     */
    protected void handedOff(C c, Operation op, Object reason) {
        handBack(c);
    }

    private void release(C c, Operation op) {
        if (c.release(op.kind())) {
            handBack(c); // submitted behind this one meanwhile: the I/O thread serves them now
        }
    }
}
