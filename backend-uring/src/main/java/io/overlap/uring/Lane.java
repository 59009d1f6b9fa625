package io.overlap.uring;

import io.overlap.CompletionStatus;
import io.overlap.spi.Operation;
import java.util.ArrayDeque;

/**
 * One direction of a handle (its receives, its sends, its accepts): the operations waiting in
 * submission order, and the op object carrying the head one. Only one operation per direction
 * is in the kernel at a time, which is what keeps guarantee 4 (submission order) without
 * relying on the order in which the kernel serves entries on one socket. Loop thread only.
 */
final class Lane {
    private ArrayDeque<Operation> waiting;
    /** The op object carrying the head operation; null when the lane is idle. */
    UringOp busy;
    /** Inside a kick: an operation that ends at once does not start a nested one. */
    private boolean kicking;

    void add(Operation op) {
        if (waiting == null) {
            waiting = new ArrayDeque<>(4);
        }
        waiting.add(op);
    }

    /** Puts an operation a submitting thread handed off ahead of all waiting: it was submitted before them. */
    void addFirst(Operation op) {
        if (waiting == null) {
            waiting = new ArrayDeque<>(4);
        }
        waiting.addFirst(op);
    }

    Operation poll() {
        return waiting == null ? null : waiting.poll();
    }

    /**
     * Starts the waiting operations in order while nothing of this lane is in the kernel: each
     * goes to {@code handle}'s {@link UringHandle#opFor}, which either gives the op object that
     * carries it (it becomes the busy one) or ends it at once (the next one is tried).
     */
    void kick(Loop loop, UringHandle handle) {
        if (kicking) {
            return;
        }
        kicking = true;
        try {
            FdOwner fd = handle.fd();
            while (busy == null && !fd.closing) {
                Operation op = poll();
                if (op == null) {
                    return;
                }
                if (op.isDone()) {
                    continue; // failed where it waited by a bug's containment: nothing to start
                }
                UringOp o = handle.opFor(op);
                if (o != null) {
                    busy = o;
                    loop.start(o, op);
                }
            }
        } finally {
            kicking = false;
        }
    }

    boolean remove(Operation op) {
        return waiting != null && waiting.remove(op);
    }

    boolean isEmpty() {
        return busy == null && (waiting == null || waiting.isEmpty());
    }

    /** Completes every waiting operation with {@code status}. */
    void failWaiting(Loop loop, CompletionStatus status, String message) {
        for (Operation o = poll(); o != null; o = poll()) {
            loop.fail(o, status, 0, message);
        }
    }

    /** Stops what this lane has in flight: its busy op is cancelled if its entry is in the kernel. */
    void stopBusy(CompletionStatus status) {
        if (busy != null) {
            busy.stop(status);
        }
    }

    /**
     * Ends {@code op} if this lane holds it.
     *
     * @return true if it was found
     */
    boolean stop(Loop loop, Operation op, CompletionStatus status) {
        if (busy != null && busy.op == op) {
            busy.stop(status);
            return true;
        }
        if (remove(op)) {
            loop.complete(op, status);
            return true;
        }
        return false;
    }

    /** The loop died: what waits fails, and a busy op not in the kernel fails (one in the kernel is drained by the loop). */
    void abandon(Loop loop, String message) {
        failWaiting(loop, CompletionStatus.FAILED, message);
        if (busy != null && !busy.inKernel()) {
            busy.fail(CompletionStatus.FAILED, 0, message);
        }
    }
}
