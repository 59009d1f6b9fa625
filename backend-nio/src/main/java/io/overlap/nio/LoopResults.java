package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractHandle;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;

/**
 * How one loop reports results: through its completion batch, dropping the operation's timer,
 * and counting the turn's completions so that new work started on the loop thread waits once
 * the turn delivered its budget. Loop thread only.
 */
final class LoopResults {
    /**
     * Completions per turn after which new work started on the loop thread waits for the next
     * turn. INTERIM: the core's {@code CompletionBatch.beginTurn()/overBudget()} replaces this.
     */
    static final int TURN_BUDGET = 256;

    private final NioProactor proactor;
    private final DeadlineHeap timers;
    final CompletionBatch batch;
    private int turnCompletions;

    LoopResults(NioProactor proactor, DeadlineHeap timers) {
        this.proactor = proactor;
        this.timers = timers;
        this.batch = proactor.batch();
    }

    void beginTurn() {
        turnCompletions = 0;
    }

    /**
     * @return true once this turn delivered its budget: new work started on the loop thread
     *     then waits for the next turn, so one connection cannot keep the loop from its select
     */
    boolean overBudget() {
        return turnCompletions >= TURN_BUDGET;
    }

    /** Hands over a completion made off the loop (handler mode). */
    void deliver(Operation completed) {
        turnCompletions++;
        batch.deliver(completed);
    }

    void complete(Operation op, CompletionStatus status) {
        result(op, status, null);
    }

    void fail(Operation op, CompletionStatus status, String message) {
        result(op, status, message);
    }

    /** Fails with what the JDK threw, through the error table. */
    void fail(Operation op, Throwable e) {
        result(op, NioErrors.statusOf(e), NioErrors.messageOf(e));
    }

    void connected(Operation op, NioConnection c) {
        removeTimer(op);
        turnCompletions++;
        proactor.connected(op, c, batch);
    }

    private void result(Operation op, CompletionStatus status, String message) {
        removeTimer(op);
        turnCompletions++;
        CompletionStatus s = closePolicy(op, status);
        if (s != status || message == null) {
            proactor.done(op, s, batch);
        } else {
            proactor.failed(op, s, message, batch);
        }
    }

    /**
     * INTERIM until the core applies its close policy: a result other than OK or TIMED_OUT on a
     * handle closed locally (by the user or the proactor's close) is CANCELLED, except for the
     * handles of a dead loop, whose operations keep FAILED (the core's markFailed).
     */
    private static CompletionStatus closePolicy(Operation op, CompletionStatus s) {
        AbstractHandle t = op.target();
        if (s == CompletionStatus.OK || s == CompletionStatus.TIMED_OUT || s == CompletionStatus.CANCELLED
                || t == null || t.isOpen() || ((LoopHandle) t).loop().isDead()) {
            return s;
        }
        return CompletionStatus.CANCELLED;
    }

    private void removeTimer(Operation op) {
        if (op.timerIndex() >= 0) {
            timers.remove(op);
        }
    }
}
