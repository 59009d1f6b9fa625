package io.overlap.winsock;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * The pool of {@link Slot}s. A slot is made on demand (a block, and an event if the notification model needs one) and freed when the
 * pool is over its idle bound or closed, never while the kernel owns it: a slot is given back
 * only after its operation came back.
 */
final class SlotPool {
    private final Winsock ws;
    private final Notifier notifier;
    private final int keepIdle;
    private final ArrayDeque<Slot> idle = new ArrayDeque<>();
    private int live;
    private boolean closed;

    SlotPool(Winsock ws, Notifier notifier, int keepIdle) {
        this.ws = ws;
        this.notifier = notifier;
        this.keepIdle = keepIdle;
    }

    /**
     * @return a slot with a new generation
     * @throws IOException if no event or block can be made
     */
    Slot acquire() throws IOException {
        Slot s;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("slot pool is closed");
            }
            s = idle.poll();
            if (s == null) {
                live++;
            }
        }
        if (s == null) {
            s = create();
        }
        synchronized (s) {
            s.generation++;
            s.state = Slot.QUEUED;
        }
        return s;
    }

    /** @param s a slot whose operation is over (the kernel is done with its block) */
    void release(Slot s) {
        synchronized (s) {
            s.clear();
            s.state = Slot.FREE;
        }
        synchronized (this) {
            if (!closed && idle.size() < keepIdle) {
                idle.push(s);
                return;
            }
            live--;
        }
        destroy(s);
    }

    /** Frees the idle slots; the pool takes no more. */
    void close() {
        synchronized (this) {
            closed = true;
            for (Slot s; (s = idle.poll()) != null; ) {
                live--;
                destroy(s);
            }
        }
    }

    synchronized int live() {
        return live;
    }

    private Slot create() throws IOException {
        Winsock.Block block = null;
        try {
            block = ws.newBlock();
            return notifier.newSlot(block);
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            if (block != null) {
                ws.freeBlock(block);
            }
            synchronized (this) {
                live--;
            }
            throw e;
        }
    }

    private void destroy(Slot s) {
        notifier.freeSlot(s);
        ws.freeBlock(s.block);
    }
}
