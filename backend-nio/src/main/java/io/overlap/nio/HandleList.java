package io.overlap.nio;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The handles homed on one loop, so that a close or a death finds the idle ones too. The many,
 * connections, form a doubly linked list through themselves ({@link NioLanedConnection#prevHandle},
 * {@link NioLanedConnection#nextHandle}), so an idle connection pays two references for its place
 * here instead of a map node; the few listeners sit in a small list beside them. Handles join
 * from any thread (a connection accepted on one loop may be homed on another) and leave from
 * their loop, or from any thread once it died; every change and every walk takes the list's
 * lock, which is uncontended but for those moments.
 */
final class HandleList implements Iterable<LoopHandle> {
    private final List<LoopHandle> listeners = new ArrayList<>(1);
    private NioLanedConnection head;
    private int connections;

    synchronized void add(LoopHandle h) {
        if (!(h instanceof NioLanedConnection c)) {
            if (!listeners.contains(h)) {
                listeners.add(h);
            }
            return;
        }
        if (contains(c)) {
            return;
        }
        c.prevHandle = null;
        c.nextHandle = head;
        if (head != null) {
            head.prevHandle = c;
        }
        head = c;
        connections++;
    }

    /** Takes {@code h} out; nothing to do when it is not in (released twice). */
    synchronized void remove(LoopHandle h) {
        if (!(h instanceof NioLanedConnection c)) {
            listeners.remove(h);
            return;
        }
        if (!contains(c)) {
            return;
        }
        NioLanedConnection prev = c.prevHandle;
        NioLanedConnection next = c.nextHandle;
        if (prev == null) {
            head = next;
        } else {
            prev.nextHandle = next;
        }
        if (next != null) {
            next.prevHandle = prev;
        }
        c.prevHandle = null;
        c.nextHandle = null;
        connections--;
    }

    synchronized int size() {
        return listeners.size() + connections;
    }

    /** A connection is in iff it is the head or has a predecessor (it is homed on one loop only). */
    private boolean contains(NioLanedConnection c) {
        return head == c || c.prevHandle != null;
    }

    /**
     * @return the handles in at the time of the call, listeners first; those that join or leave
     *     later do not change it
     */
    @Override
    public synchronized Iterator<LoopHandle> iterator() {
        List<LoopHandle> all = new ArrayList<>(size());
        all.addAll(listeners);
        for (NioLanedConnection c = head; c != null; c = c.nextHandle) {
            all.add(c);
        }
        return all.iterator();
    }
}
