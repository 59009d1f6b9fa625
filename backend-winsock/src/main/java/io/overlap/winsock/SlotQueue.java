package io.overlap.winsock;

import io.overlap.spi.HandOffStack;

/**
 * A many-producer, one-consumer FIFO of slots linked through the slots themselves
 * ({@link Slot#inboxNext}), so that handing an operation to its waiter allocates nothing.
 * Producers push onto a {@link HandOffStack}; the consumer (the waiter's thread) takes the whole
 * stack, oldest first, only once it has served what it took before, so order is kept within a
 * take and across takes.
 *
 * <p>A slot is in at most one queue at a time: it is handed over only by whoever holds it (its
 * submitter, its home thread, the waiter the kernel gave it back to), and each of those hands it
 * on once.
 */
final class SlotQueue {
    private static final HandOffStack.Links<Slot> LINKS = new HandOffStack.Links<>() {
        @Override
        public Slot next(Slot s) {
            return s.inboxNext;
        }

        @Override
        public void setNext(Slot s, Slot next) {
            s.inboxNext = next;
        }
    };

    private final HandOffStack<Slot> pushed = new HandOffStack<>(LINKS);
    /** The consumer's own: the rest of the last take, in order. */
    private Slot head;

    /** Adds a slot; any thread. */
    void add(Slot s) {
        pushed.push(s);
    }

    /** @return the oldest slot, or null; the consumer's thread only */
    Slot poll() {
        Slot s = head != null ? head : pushed.takeAll();
        if (s == null) {
            return null;
        }
        head = LINKS.unlink(s);
        return s;
    }

    /** @return true if nothing is queued; any thread (a hint when not the consumer's) */
    boolean isEmpty() {
        return head == null && pushed.isEmpty();
    }
}
