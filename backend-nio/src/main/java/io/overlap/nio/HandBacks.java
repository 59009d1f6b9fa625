package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.spi.HandOffStack;
import io.overlap.spi.OpAccess;
import io.overlap.spi.Operation;
import io.overlap.spi.ResumeStack;

/**
 * What submitting threads hand a loop back on the caller-thread I/O path, without allocating:
 * completions made on their thread that the loop's handler must see (handler mode), and
 * connections whose lane they gave back ({@link io.overlap.spi.LanedConnection}). Before this they were {@link LoopTask}s,
 * a task object and a queue node each, so every round trip of an application thread in handler
 * mode allocated twice what its operations did.
 *
 * <p>Both are lock-free stacks: completions linked through their backend link (free once an
 * operation has completed), connections through themselves ({@link ResumeStack}). Takers take a stack whole and serve it oldest first, each entry to exactly one taker.
 */
final class HandBacks {
    private final OpAccess access;
    /** Completions, linked through their backend link as submissions are in the loop's inbox. */
    private final HandOffStack<Operation> delivered;
    private final ResumeStack<NioLanedConnection> resumed = new ResumeStack<>();

    HandBacks(OpAccess access) {
        this.access = access;
        this.delivered = new HandOffStack<>(access);
    }

    /** Hands over a completed operation for the loop's handler; any thread. */
    void deliver(Operation completed) {
        delivered.push(completed);
    }

    /** Hands a connection back; nothing to do when it is handed back already and not yet taken. Any thread. */
    void resume(NioLanedConnection c) {
        resumed.push(c);
    }

    boolean isEmpty() {
        return delivered.isEmpty() && resumed.isEmpty();
    }

    /** Loop thread: hands the completions to the batch (its handler), then resumes the connections. */
    void run(LoopResults results) {
        for (Operation op = delivered.takeAll(); op != null; ) {
            Operation next = access.unlink(op);
            results.deliver(op);
            op = next;
        }
        for (NioLanedConnection c = resumed.takeAll(); c != null; ) {
            NioLanedConnection next = resumed.next(c);
            c.resume();
            c = next;
        }
    }

    /**
     * After the loop died; any thread: the completions go to a live loop or the caller's thread,
     * what the connections handed back fails with {@code cause}.
     */
    void drainDead(NioProactor proactor, String cause) {
        for (Operation op = delivered.takeAll(); op != null; ) {
            Operation next = access.unlink(op);
            proactor.deliverAround(op);
            op = next;
        }
        for (NioLanedConnection c = resumed.takeAll(); c != null; ) {
            NioLanedConnection next = resumed.next(c);
            c.failHandoffs(CompletionStatus.FAILED, cause, null);
            c = next;
        }
    }
}
