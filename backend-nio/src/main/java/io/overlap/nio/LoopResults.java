package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;

/**
 * How one loop reports results: what happened, as the OS or the loop saw it, through the loop's
 * completion batch (the core applies the close policy and drops the operation's deadline).
 * Loop thread only.
 */
final class LoopResults {
    private final NioProactor proactor;
    final CompletionBatch batch;

    LoopResults(NioProactor proactor) {
        this.proactor = proactor;
        this.batch = proactor.batch();
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
