package io.overlap.nio;

import io.overlap.spi.OpAccess;
import io.overlap.spi.Operation;

/**
 * A FIFO of operations kept as a ring through their backend link ({@link OpAccess#next}) and
 * named by its tail: the head is the tail's next, null is the empty FIFO. Its owner keeps the
 * tail in a field of its own and writes back what these calls return, so a FIFO costs its
 * owner one reference and no object: a connection holds its receive and send FIFOs in two
 * fields (an idle connection is one object and its pending receive). Used by one loop thread.
 */
final class OpRing {
    private OpRing() {
    }

    /** @return the operation first in the FIFO ending at {@code tail}, or null when it is empty */
    static Operation head(OpAccess a, Operation tail) {
        return tail == null ? null : a.next(tail);
    }

    /** Puts {@code op} last; @return the new tail ({@code op}) */
    static Operation add(OpAccess a, Operation tail, Operation op) {
        link(a, tail, op);
        return op;
    }

    /** Puts {@code op} before everything queued (an operation handed back that was submitted first); @return the new tail */
    static Operation addFirst(OpAccess a, Operation tail, Operation op) {
        link(a, tail, op);
        return tail == null ? op : tail;
    }

    /** Unlinks the head of a FIFO that is not empty; @return the new tail */
    static Operation removeHead(OpAccess a, Operation tail) {
        Operation head = a.next(tail);
        Operation next = a.next(head);
        a.setNext(head, null);
        if (head == tail) {
            return null;
        }
        a.setNext(tail, next);
        return tail;
    }

    /** @return true if {@code op} is in the FIFO ending at {@code tail}; cancels and timeouts are rare, so a scan is fine */
    static boolean contains(OpAccess a, Operation tail, Operation op) {
        return tail != null && prev(a, tail, op) != null;
    }

    /** Unlinks {@code op}, which is in the FIFO ({@link #contains}); @return the new tail */
    static Operation remove(OpAccess a, Operation tail, Operation op) {
        Operation prev = prev(a, tail, op);
        if (prev == op) {
            a.setNext(op, null); // it was alone
            return null;
        }
        a.setNext(prev, a.next(op));
        a.setNext(op, null);
        return op == tail ? prev : tail;
    }

    /** Links {@code op} in after {@code tail} (before the head). */
    private static void link(OpAccess a, Operation tail, Operation op) {
        if (tail == null) {
            a.setNext(op, op);
        } else {
            a.setNext(op, a.next(tail));
            a.setNext(tail, op);
        }
    }

    /** @return the operation before {@code op} in the ring (itself when alone), or null when it is not in */
    private static Operation prev(OpAccess a, Operation tail, Operation op) {
        Operation cur = tail;
        do {
            if (a.next(cur) == op) {
                return cur;
            }
            cur = a.next(cur);
        } while (cur != tail);
        return null;
    }
}
