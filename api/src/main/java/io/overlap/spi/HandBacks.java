package io.overlap.spi;

import java.util.function.Consumer;

/**
 * What submitting threads hand one I/O thread back on the caller-thread I/O path
 * ({@link CallerThreadIo}), without allocating: completions made on their thread that the I/O
 * thread's handler must see (handler mode), and connections whose lane they let go of or handed
 * an operation off on ({@link LanedConnection}). Both are {@link HandOffStack}s: completions
 * linked through their backend link (free once an operation has completed), connections
 * through themselves. A connection is in its stack at most once: its flag is set by the push
 * that puts it there and cleared by the taker before it serves the connection, so a hand-back
 * after that pushes it again and none is lost. Takers take a stack whole and serve it oldest
 * first, each entry to exactly one taker.
 *
 * @param <C> the backend's connection type
 */
public final class HandBacks<C extends LanedConnection> {
    private static final HandOffStack.Links<LanedConnection> RESUME_LINKS = new HandOffStack.Links<>() {
        @Override
        public LanedConnection next(LanedConnection c) {
            return c.resumeNext;
        }

        @Override
        public void setNext(LanedConnection c, LanedConnection next) {
            c.resumeNext = next;
        }
    };

    private final OpAccess access;
    private final HandOffStack<Operation> delivered;
    private final HandOffStack<LanedConnection> resumed = new HandOffStack<>(RESUME_LINKS);

    /** @param access the proactor's operation access (the completions' link) */
    public HandBacks(OpAccess access) {
        this.access = access;
        this.delivered = new HandOffStack<>(access);
    }

    /**
     * Hands over a completed operation for the I/O thread's handler; any thread.
     *
     * @param completed a completed operation
     */
    public void deliver(Operation completed) {
        delivered.push(completed);
    }

    /**
     * Hands a connection back; nothing to do when it is handed back already and not yet taken.
     * Any thread.
     *
     * @param c the connection
     */
    public void resume(C c) {
        if (c.markResumeQueued()) {
            resumed.push(c);
        }
    }

    /** @return true if nothing waits */
    public boolean isEmpty() {
        return delivered.isEmpty() && resumed.isEmpty();
    }

    /**
     * I/O thread: hands the completions to the batch (its handler), then serves the connections
     * ({@link LanedConnection#resume}). The connections are taken first: a submitting thread
     * hands its completion over before it hands its connection back, so every completion made
     * before a hand-back taken here is in the chain taken next, and reaches the handler before
     * anything the resumed connection does next can complete.
     *
     * @param batch the I/O thread's batch
     */
    public void run(CompletionBatch batch) {
        LanedConnection back = resumed.takeAll();
        for (Operation op = delivered.takeAll(); op != null; ) {
            Operation next = access.unlink(op);
            batch.deliver(op);
            op = next;
        }
        for (LanedConnection c = back; c != null; ) {
            LanedConnection next = unlink(c);
            c.resume();
            c = next;
        }
    }

    /**
     * After the I/O thread died or stopped; any thread: the completions go on elsewhere, what
     * the connections handed off is completed without it.
     *
     * @param deliverAround hands a completion to a live I/O thread, or delivers it here
     * @param failHandoffs completes what a connection handed off and nobody took
     */
    @SuppressWarnings("unchecked") // only C is pushed
    public void drain(Consumer<Operation> deliverAround, Consumer<C> failHandoffs) {
        for (Operation op = delivered.takeAll(); op != null; ) {
            Operation next = access.unlink(op);
            deliverAround.accept(op);
            op = next;
        }
        for (LanedConnection c = resumed.takeAll(); c != null; ) {
            LanedConnection next = unlink(c);
            failHandoffs.accept((C) c);
            c = next;
        }
    }

    /** Clears the link and then the flag, so the connection may be handed back again (also while it is served). */
    private static LanedConnection unlink(LanedConnection c) {
        LanedConnection next = RESUME_LINKS.unlink(c);
        c.clearResumeQueued();
        return next;
    }
}
