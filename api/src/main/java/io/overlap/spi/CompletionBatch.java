package io.overlap.spi;

import io.overlap.CompletionHandler;
import io.overlap.CompletionStatus;

/**
 * Collects the completions one backend thread produces and hands them over: in queue mode as
 * one chain per {@link #flush()} (one lock-free push and at most one wake-up per loop turn, not
 * per operation); in handler mode
 * to the handler at once, on this thread. Each backend thread owns one; it is not thread-safe.
 *
 * <p>In handler mode a handler that submits an operation which completes at once does not
 * recurse: the new completion is queued here and run after the current handler returns, so the
 * stack stays flat however long a chain of immediate completions gets.
 */
public final class CompletionBatch {
    private static final System.Logger LOG = System.getLogger(CompletionBatch.class.getName());
    /** Completions one loop turn may produce before new inline work waits for the next turn. */
    public static final int TURN_BUDGET = 4096;
    /**
     * Failures one loop turn may produce before new inline work waits for the next turn: far
     * fewer than completions, since an operation that fails at once and is submitted again (an
     * accept on EMFILE) is a storm, not work, and each of its rounds may cost a system call.
     */
    public static final int TURN_FAILURE_BUDGET = 64;

    private final LinkedCompletionQueue queue;
    private final CompletionHandler handler;
    private final StatsCounters stats;
    private final String backend;
    /** The counters of the thread that began this batch's first turn; null until then. */
    private IoThreadCounters counters;
    /** The busy stretch being timed while a recording wants stalls; null otherwise. */
    private IoThreadStallEvent stall;
    private Operation first;
    private Operation last;
    private int count;
    private boolean dispatching;
    private int turnCompletions;
    private int turnFailures;

    CompletionBatch(LinkedCompletionQueue queue, CompletionHandler handler, StatsCounters stats, String backend) {
        this.queue = queue;
        this.handler = handler;
        this.stats = stats;
        this.backend = backend;
    }

    /**
     * Delivers an operation that has already completed (handed over by
     * {@link AbstractProactor#implDeliver}); must be called on an I/O thread.
     *
     * @param op a completed operation
     */
    public void deliver(Operation op) {
        if (!op.isDone()) {
            throw new IllegalStateException("not completed: " + op);
        }
        add(op);
    }

    /**
     * Starts an I/O thread's loop turn: the budget of completions it may produce inline before
     * new work waits for its next wait starts again. The first call names the calling thread to
     * the core as an I/O thread ({@link io.overlap.ProactorStats#ioThreads()}): what it
     * completes through this batch is counted as its work. It also counts as {@link #woke()}.
     */
    public void beginTurn() {
        turnCompletions = 0;
        turnFailures = 0;
        IoThreadCounters c = counters;
        if (c == null) {
            counters = c = stats.register();
        }
        c.turn();
        woke();
    }

    /**
     * Says that the I/O thread is about to block waiting for I/O: it ends the busy stretch that
     * began with {@link #woke()}, which a recording reports as an {@code io.overlap.IoThreadStall}
     * event when it took longer than the event's threshold. Costs a field read unless recording.
     */
    public void awaitingIo() {
        IoThreadStallEvent s = stall;
        if (s != null) {
            stall = null;
            s.end();
            if (s.shouldCommit()) {
                s.backend = backend;
                s.completions = turnCompletions;
                s.commit();
            }
        }
    }

    /**
     * Says that the I/O thread stopped waiting and starts working (call it right after each wait
     * that may block, and, where a wait hands out its events through a callback, at the start of
     * that callback; calls while already busy are ignored). Costs a field read and a volatile
     * read unless recording.
     */
    public void woke() {
        if (stall == null && Flight.stallsWanted()) {
            IoThreadStallEvent s = new IoThreadStallEvent();
            s.begin();
            stall = s;
        }
    }

    /**
     * @return the counters of the calling thread when it is the I/O thread that owns this batch;
     *     {@code null} otherwise (the batch is used off its thread, e.g. to fail what a dead
     *     thread owned), so that only the owner ever writes them
     */
    IoThreadCounters countersHere() {
        IoThreadCounters c = counters;
        return c != null && c.thread == Thread.currentThread() ? c : null;
    }

    /**
     * @return true once this turn produced {@link #TURN_BUDGET} completions, or
     *     {@link #TURN_FAILURE_BUDGET} of them failures (any status but {@code OK} and
     *     {@code END_OF_STREAM}): work submitted on
     *     this thread now (from a handler, or an operation that failed at once and is submitted
     *     again) must wait for the next turn, so that one connection cannot keep its thread
     *     from waiting and serving the others
     */
    public boolean overBudget() {
        return turnCompletions >= TURN_BUDGET || turnFailures >= TURN_FAILURE_BUDGET;
    }

    void add(Operation op) {
        turnCompletions++;
        CompletionStatus s = op.status();
        if (s != CompletionStatus.OK && s != CompletionStatus.END_OF_STREAM) {
            turnFailures++;
        }
        op.completionNext = null;
        if (last == null) {
            first = op;
        } else {
            last.completionNext = op;
        }
        last = op;
        count++;
        if (handler != null && !dispatching) {
            runHandler();
        }
    }

    /** Hands what has been collected to the completion queue (nothing to do in handler mode). */
    public void flush() {
        if (count > 0 && queue != null) {
            Operation f = first;
            Operation l = last;
            int n = count;
            first = last = null;
            count = 0;
            queue.offerChain(f, l, n);
        }
    }

    /** @return true if completions wait for {@link #flush()} */
    public boolean hasPending() {
        return count > 0 && queue != null;
    }

    private void runHandler() {
        dispatching = true;
        try {
            while (first != null) {
                Operation op = first;
                first = op.completionNext;
                if (first == null) {
                    last = null;
                }
                op.completionNext = null;
                count--;
                try {
                    handler.completed(op);
                } catch (RuntimeException | Error e) {
                    // the user's bug: said once, and nothing else changes (the operation stays
                    // completed, the thread goes on with the next one)
                    LOG.log(System.Logger.Level.WARNING, "completion handler threw on operation "
                            + Long.toHexString(op.id()) + " (" + op.kind() + ", " + op.status() + ")", e);
                }
            }
        } finally {
            dispatching = false;
        }
    }
}
