package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.spi.OpAccess;
import io.overlap.spi.Operation;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What submitting threads hand a loop back on the caller-thread I/O path, without allocating:
 * completions made on their thread that the loop's handler must see (handler mode), and
 * connections whose lane they gave back ({@link LanedConnection}). Before this they were {@link LoopTask}s,
 * a task object and a queue node each, so every round trip of an application thread in handler
 * mode allocated twice what its operations did.
 *
 * <p>Both are lock-free stacks: completions linked through their backend link (free once an
 * operation has completed), connections through {@link LanedConnection#resumeNext}. A connection
 * is in the stack at most once: its flag is set by the push that puts it there and cleared by the
 * taker before it resumes the connection, so a hand-back after that pushes it again and none is
 * lost. Takers take a stack whole and serve it oldest first, each entry to exactly one taker.
 */
final class HandBacks {
    private static final VarHandle RESUMED;

    static {
        try {
            RESUMED = MethodHandles.lookup().findVarHandle(HandBacks.class, "resumed", LanedConnection.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final OpAccess access;
    /** Completions, linked through their backend link as submissions are in the loop's inbox. */
    private final OpInbox delivered;
    @SuppressWarnings("unused") // accessed through RESUMED
    private volatile LanedConnection resumed;

    HandBacks(OpAccess access) {
        this.access = access;
        this.delivered = new OpInbox(access);
    }

    /** Hands over a completed operation for the loop's handler; any thread. */
    void deliver(Operation completed) {
        delivered.push(completed);
    }

    /** Hands a connection back; nothing to do when it is handed back already and not yet taken. Any thread. */
    void resume(LanedConnection c) {
        if (!c.markResumeQueued()) {
            return;
        }
        LanedConnection h;
        do {
            h = resumed;
            c.resumeNext = h; // published by the CAS below
        } while (!RESUMED.compareAndSet(this, h, c));
    }

    boolean isEmpty() {
        return delivered.isEmpty() && resumed == null;
    }

    /** Loop thread: hands the completions to the batch (its handler), then resumes the connections. */
    void run(LoopResults results) {
        for (Operation op = takeDelivered(); op != null; ) {
            Operation next = access.next(op);
            access.setNext(op, null);
            results.deliver(op);
            op = next;
        }
        for (LanedConnection c = takeResumed(); c != null; ) {
            LanedConnection next = unlink(c);
            c.resume();
            c = next;
        }
    }

    /**
     * After the loop died; any thread: the completions go to a live loop or the caller's thread,
     * what the connections handed back fails with {@code cause}.
     */
    void drainDead(NioProactor proactor, String cause) {
        for (Operation op = takeDelivered(); op != null; ) {
            Operation next = access.next(op);
            access.setNext(op, null);
            proactor.deliverAround(op);
            op = next;
        }
        for (LanedConnection c = takeResumed(); c != null; ) {
            LanedConnection next = unlink(c);
            c.failHandoffs(CompletionStatus.FAILED, cause, null);
            c = next;
        }
    }

    /** Clears the link and then the flag, so the connection may be handed back again. */
    private static LanedConnection unlink(LanedConnection c) {
        LanedConnection next = c.resumeNext;
        c.resumeNext = null;
        c.clearResumeQueued();
        return next;
    }

    private Operation takeDelivered() {
        return delivered.takeAll();
    }

    private LanedConnection takeResumed() {
        LanedConnection newestFirst = (LanedConnection) RESUMED.getAndSet(this, (LanedConnection) null);
        LanedConnection oldestFirst = null;
        while (newestFirst != null) {
            LanedConnection n = newestFirst.resumeNext;
            newestFirst.resumeNext = oldestFirst;
            oldestFirst = newestFirst;
            newestFirst = n;
        }
        return oldestFirst;
    }
}
