package io.overlap.nio;

import io.overlap.spi.Operation;

/** A FIFO of operations linked through {@link Operation#next}; owned by one loop thread. */
final class OpQueue {
    private Operation head;
    private Operation tail;

    boolean isEmpty() {
        return head == null;
    }

    Operation peek() {
        return head;
    }

    void add(Operation op) {
        op.next = null;
        if (tail == null) {
            head = op;
        } else {
            tail.next = op;
        }
        tail = op;
    }

    Operation poll() {
        Operation op = head;
        if (op != null) {
            head = op.next;
            if (head == null) {
                tail = null;
            }
            op.next = null;
        }
        return op;
    }

    /** Unlinks {@code op} wherever it stands; cancels and timeouts are rare, so a scan is fine. */
    boolean remove(Operation op) {
        Operation prev = null;
        for (Operation cur = head; cur != null; prev = cur, cur = cur.next) {
            if (cur == op) {
                if (prev == null) {
                    head = cur.next;
                } else {
                    prev.next = cur.next;
                }
                if (tail == cur) {
                    tail = prev;
                }
                cur.next = null;
                return true;
            }
        }
        return false;
    }
}
