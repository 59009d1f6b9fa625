package io.overlap.spi;

import io.overlap.OpKind;
import java.util.Arrays;

/**
 * The lane tickets ({@link LanedConnection}) an I/O thread's completions hold until its batch
 * is flushed: a receive or send completed into the batch keeps its ticket until the flush has
 * handed it to the user, so that no submitting thread takes the lane and delivers a later
 * operation of that direction before it. The tickets are dropped just after the flush, so a
 * consumer that takes a completion at once and submits the next operation of its lane may still
 * find the lane held and go through the I/O thread: correct, only not the fast path. One per
 * I/O thread, beside its {@link CompletionBatch}; not thread-safe.
 */
public final class LaneTickets {
    /** How many of the latest held tickets {@link #ticket} looks at. */
    private static final int RECENT = 4;

    /**
     * The completed operations whose tickets {@link #dropHeld} drops (each names its lane: its
     * connection and kind); grown, never shrunk, so a turn allocates nothing.
     */
    private Operation[] held = new Operation[16];
    private int heldCount;

    /** No ticket held. */
    public LaneTickets() {
        // the array grows on demand
    }

    /**
     * Drops the ticket of an operation completing into the batch at the next flush, once the
     * user has seen it (in handler mode its handler has run by then; in queue mode the flush
     * hands it to the queue). Called before the completion is handed over, so that an operation
     * its handler submits on the same lane finds the ticket here ({@link #ticket}).
     *
     * @param op a receive or send whose ticket {@link LanedConnection#takeTicket} took
     */
    public void dropAfterFlush(Operation op) {
        if (heldCount == held.length) {
            held = Arrays.copyOf(held, heldCount * 2);
        }
        held[heldCount++] = op;
    }

    /**
     * Takes a ticket for an operation submitted on the I/O thread. When a completion of this
     * turn still holds a ticket of the same lane (to be dropped at the flush), the new operation
     * takes that one over instead of adding one and dropping the other: the lane's count stays
     * above zero until the new operation's own completion is flushed, which is after the earlier
     * one's, so no caller can take the lane any sooner, and a handler's receive after its
     * receive completed (an echo's pattern) costs two atomic adds fewer. Only the last few held
     * tickets are looked at: a handler's submission follows its own completion closely.
     *
     * @param c the connection
     * @param kind RECV or SEND
     */
    public void ticket(LanedConnection c, OpKind kind) {
        for (int i = heldCount - 1, last = Math.max(0, heldCount - RECENT); i >= last; i--) {
            if (held[i].target() == c && held[i].kind() == kind) {
                held[i] = held[--heldCount];
                held[heldCount] = null;
                return;
            }
        }
        c.ticket(kind);
    }

    /** Lets go of the lanes of what the batch's flush just handed over. */
    public void dropHeld() {
        for (int i = 0; i < heldCount; i++) {
            Operation op = held[i];
            held[i] = null;
            ((LanedConnection) op.target()).drop(op.kind());
        }
        heldCount = 0;
    }
}
