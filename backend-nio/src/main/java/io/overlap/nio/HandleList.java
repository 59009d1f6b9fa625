package io.overlap.nio;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The handles homed on one loop, so that a close or a death finds the idle ones too: a doubly
 * linked list through the handles themselves ({@link LoopHandle#prevHandle} and
 * {@link LoopHandle#nextHandle}), so an idle connection pays two references for its place in it
 * instead of a map node. Handles join from any thread (a connection accepted on one loop may
 * be homed on another) and leave from their loop, or from any thread once it died; every
 * change and every walk takes the list's lock, which is uncontended but for those moments.
 */
final class HandleList implements Iterable<LoopHandle> {
    private LoopHandle head;
    private int size;

    synchronized void add(LoopHandle h) {
        if (contains(h)) {
            return;
        }
        h.setPrevHandle(null);
        h.setNextHandle(head);
        if (head != null) {
            head.setPrevHandle(h);
        }
        head = h;
        size++;
    }

    /** Takes {@code h} out; nothing to do when it is not in (released twice). */
    synchronized void remove(LoopHandle h) {
        if (!contains(h)) {
            return;
        }
        LoopHandle prev = h.prevHandle();
        LoopHandle next = h.nextHandle();
        if (prev == null) {
            head = next;
        } else {
            prev.setNextHandle(next);
        }
        if (next != null) {
            next.setPrevHandle(prev);
        }
        h.setPrevHandle(null);
        h.setNextHandle(null);
        size--;
    }

    synchronized int size() {
        return size;
    }

    /** A handle is in iff it is the head or has a predecessor (a handle is in one list at most). */
    private boolean contains(LoopHandle h) {
        return head == h || h.prevHandle() != null;
    }

    /** @return the handles in at the time of the call; those that join or leave later do not change it */
    @Override
    public synchronized Iterator<LoopHandle> iterator() {
        List<LoopHandle> all = new ArrayList<>(size);
        for (LoopHandle h = head; h != null; h = h.nextHandle()) {
            all.add(h);
        }
        return all.iterator();
    }
}
