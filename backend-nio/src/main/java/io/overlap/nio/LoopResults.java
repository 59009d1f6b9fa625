package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.util.Arrays;

/**
 * How one loop reports results: what happened, as the OS or the loop saw it, through the loop's
 * completion batch (the core applies the close policy and drops the operation's deadline).
 * Loop thread only.
 *
 * <p>A receive or send completed into the batch keeps its lane's ticket until {@link #flush}
 * has handed it to the completion queue: until then no submitting thread may take the lane
 * and deliver a later operation of that direction before it (the ownership rule of
 * {@link LanedConnection}).
 */
final class LoopResults {
    private final NioProactor proactor;
    final CompletionBatch batch;
    /**
     * The completed operations whose tickets {@link #flush} drops (each names its lane: its
     * connection and kind); grown, never shrunk, so a turn allocates nothing.
     */
    private Operation[] held = new Operation[16];
    private int heldCount;
    /** How many of the latest held tickets {@link #ticket} looks at. */
    private static final int RECENT = 4;

    LoopResults(NioProactor proactor) {
        this.proactor = proactor;
        this.batch = proactor.batch();
    }

    /** Hands the turn's completions to the queue, then lets go of their lanes. */
    void flush() {
        batch.flush();
        for (int i = 0; i < heldCount; i++) {
            Operation op = held[i];
            held[i] = null;
            ((LanedConnection) op.target()).drop(op.kind());
        }
        heldCount = 0;
    }

    /**
     * Drops the ticket of an operation completing into the batch at the turn's flush, once the
     * user has seen it (in handler mode its handler has run by then; in queue mode the flush
     * hands it to the queue). Called before the completion is handed over, so that an operation
     * its handler submits on the same lane finds the ticket here ({@link #ticket}).
     */
    void dropAfterFlush(Operation op) {
        if (heldCount == held.length) {
            held = Arrays.copyOf(held, heldCount * 2);
        }
        held[heldCount++] = op;
    }

    /**
     * Takes a ticket for an operation submitted on the loop thread. When a completion of this
     * turn still holds a ticket of the same lane (to be dropped at the flush), the new operation
     * takes that one over instead of adding one and dropping the other: the lane's count stays
     * above zero until the new operation's own completion is flushed, which is after the earlier
     * one's, so no caller can take the lane any sooner, and a handler's receive after its
     * receive completed (an echo's pattern) costs two atomic adds fewer. Only the last few held
     * tickets are looked at: a handler's submission follows its own completion closely.
     */
    void ticket(LanedConnection c, OpKind kind) {
        for (int i = heldCount - 1, last = Math.max(0, heldCount - RECENT); i >= last; i--) {
            if (held[i].target() == c && held[i].kind() == kind) {
                held[i] = held[--heldCount];
                held[heldCount] = null;
                return;
            }
        }
        c.ticket(kind);
    }

    /** Hands over a completion made off the loop (handler mode). */
    void deliver(Operation completed) {
        batch.deliver(completed);
    }

    void complete(Operation op, CompletionStatus status) {
        proactor.done(op, status, batch);
    }

    /**
     * @param message what went wrong, or null
     */
    void fail(Operation op, CompletionStatus status, String message) {
        if (message == null) {
            proactor.done(op, status, batch);
        } else {
            proactor.failed(op, status, message, batch);
        }
    }

    /** Fails with what the JDK threw, through the error table. */
    void fail(Operation op, Throwable e) {
        proactor.failed(op, NioErrors.statusOf(e), AbstractProactor.describe(e), batch);
    }

    void connected(Operation op, NioConnection c) {
        proactor.connected(op, c, batch);
    }
}
