package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.LaneTickets;
import io.overlap.spi.LanedConnection;
import io.overlap.spi.Operation;

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
    /** The tickets of what the batch holds, dropped after its flush. */
    final LaneTickets tickets = new LaneTickets();

    LoopResults(NioProactor proactor) {
        this.proactor = proactor;
        this.batch = proactor.batch();
    }

    /** Hands the turn's completions to the queue, then lets go of their lanes. */
    void flush() {
        batch.flush();
        tickets.dropHeld();
    }

    /** Takes a ticket for an operation submitted on the loop thread ({@link LaneTickets#ticket}). */
    void ticket(NioLanedConnection c, OpKind kind) {
        tickets.ticket(c, kind);
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
