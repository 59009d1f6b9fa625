package io.overlap.nio;

import io.overlap.spi.OpAccess;
import io.overlap.spi.Operation;

/** A FIFO of operations linked through their backend link ({@link OpAccess#next}); owned by one loop thread. */
final class OpQueue {
    private final OpAccess access;
    private Operation head;
    private Operation tail;

    OpQueue(OpAccess access) {
        this.access = access;
    }

    boolean isEmpty() {
        return head == null;
    }

    Operation peek() {
        return head;
    }

    void add(Operation op) {
        access.setNext(op, null);
        if (tail == null) {
            head = op;
        } else {
            access.setNext(tail, op);
        }
        tail = op;
    }

    /** Puts {@code op} before everything queued (an operation handed back that was submitted first). */
    void addFirst(Operation op) {
        access.setNext(op, head);
        head = op;
        if (tail == null) {
            tail = op;
        }
    }

    Operation poll() {
        Operation op = head;
        if (op != null) {
            head = access.next(op);
            if (head == null) {
                tail = null;
            }
            access.setNext(op, null);
        }
        return op;
    }

    /** Unlinks {@code op} wherever it stands; cancels and timeouts are rare, so a scan is fine. */
    boolean remove(Operation op) {
        Operation prev = null;
        for (Operation cur = head; cur != null; prev = cur, cur = access.next(cur)) {
            if (cur == op) {
                if (prev == null) {
                    head = access.next(cur);
                } else {
                    access.setNext(prev, access.next(cur));
                }
                if (tail == cur) {
                    tail = prev;
                }
                access.setNext(cur, null);
                return true;
            }
        }
        return false;
    }
}
