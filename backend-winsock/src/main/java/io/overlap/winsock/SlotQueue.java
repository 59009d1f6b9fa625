package io.overlap.winsock;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A many-producer, one-consumer FIFO of slots linked through the slots themselves
 * ({@link Slot#inboxNext}), so that handing an operation to its waiter allocates nothing.
 * Producers push onto a lock-free stack with one CAS; the consumer (the waiter's thread) takes
 * the whole stack at once and reverses it into its own list, so order is kept: within one take
 * by the reversal, across takes because a later take only holds later pushes.
 *
 * <p>A slot is in at most one queue at a time: it is handed over only by whoever holds it (its
 * submitter, its home thread, the waiter the kernel gave it back to), and each of those hands it
 * on once.
 */
final class SlotQueue {
    private final AtomicReference<Slot> pushed = new AtomicReference<>();
    // the consumer's own, in order
    private Slot head;
    private Slot tail;

    /** Adds a slot; any thread. */
    void add(Slot s) {
        Slot top;
        do {
            top = pushed.get();
            s.inboxNext = top;
        } while (!pushed.compareAndSet(top, s));
    }

    /** @return the oldest slot, or null; the consumer's thread only */
    Slot poll() {
        if (head == null && !takePushed()) {
            return null;
        }
        Slot s = head;
        head = s.inboxNext;
        if (head == null) {
            tail = null;
        }
        s.inboxNext = null;
        return s;
    }

    /** @return true if nothing is queued; any thread (a hint when not the consumer's) */
    boolean isEmpty() {
        return head == null && pushed.get() == null;
    }

    private boolean takePushed() {
        Slot s = pushed.getAndSet(null);
        if (s == null) {
            return false;
        }
        Slot first = null;
        Slot last = s;
        while (s != null) { // newest first: reverse
            Slot next = s.inboxNext;
            s.inboxNext = first;
            first = s;
            s = next;
        }
        if (tail == null) {
            head = first;
        } else {
            tail.inboxNext = first;
        }
        tail = last;
        return true;
    }
}
