package io.overlap.spi;

/**
 * The connections submitting threads handed back to one I/O thread ({@link LanedConnection}: a
 * caller let go of a lane with operations behind it, or handed its operation off), without
 * allocating: a {@link HandOffStack} linked through the connections themselves. A connection
 * is in the stack at most once: its flag is set by the push that puts it there and cleared by
 * the taker before it serves the connection, so a hand-back after that pushes it again and
 * none is lost.
 *
 * @param <C> the backend's connection type
 */
public final class ResumeStack<C extends LanedConnection> {
    private static final HandOffStack.Links<LanedConnection> LINKS = new HandOffStack.Links<>() {
        @Override
        public LanedConnection next(LanedConnection c) {
            return c.resumeNext;
        }

        @Override
        public void setNext(LanedConnection c, LanedConnection next) {
            c.resumeNext = next;
        }
    };

    private final HandOffStack<LanedConnection> stack = new HandOffStack<>(LINKS);

    /** An empty stack. */
    public ResumeStack() {
        // nothing handed back yet
    }

    /**
     * Hands a connection back; nothing to do when it is handed back already and not yet taken.
     * Any thread.
     *
     * @param c the connection
     */
    public void push(C c) {
        if (c.markResumeQueued()) {
            stack.push(c);
        }
    }

    /** @return true if no connection waits */
    public boolean isEmpty() {
        return stack.isEmpty();
    }

    /**
     * Takes every connection handed back so far, oldest first; walk the chain with {@link #next}.
     *
     * @return the oldest, or null
     */
    @SuppressWarnings("unchecked") // only C is pushed
    public C takeAll() {
        return (C) stack.takeAll();
    }

    /**
     * Steps along a taken chain: clears the connection's link, then its flag, so that it may be
     * handed back again (also while it is being served).
     *
     * @param c a connection of a taken chain
     * @return the next one, or null
     */
    @SuppressWarnings("unchecked")
    public C next(C c) {
        LanedConnection n = LINKS.unlink(c);
        c.clearResumeQueued();
        return (C) n;
    }
}
