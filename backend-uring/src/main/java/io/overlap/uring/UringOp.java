package io.overlap.uring;

import io.overlap.CompletionStatus;
import io.overlap.spi.Operation;

/**
 * The base of every op kind: carries one {@link Operation} at a time, has at most one entry in
 * the kernel (its {@link #userData} is not 0 while it has), and is reused only after that
 * entry's completion. A stop (cancel, timeout, close) while an entry is in the kernel asks the
 * kernel to cancel it and remembers the status: the completion, whatever it says, ends the
 * operation. Loop thread only.
 */
abstract class UringOp {
    final Loop loop;
    /** The fd owner whose fd the entries use, or null (the wake-up read). */
    final FdOwner owner;
    /** The operation carried now; null when idle. */
    Operation op;
    /** The tag of the entry in the kernel; 0 when none. */
    long userData;
    /** What a stop asked for while the entry was in the kernel; null when none. */
    CompletionStatus stop;

    UringOp(Loop loop, FdOwner owner) {
        this.loop = loop;
        this.owner = owner;
    }

    /**
     * Starts carrying {@code op}: checks, then writes its entry.
     *
     * @param op the operation
     * @throws java.io.IOException from the fault seam or a system call: it fails, nothing is in the kernel
     */
    abstract void start(Operation op) throws java.io.IOException;

    /**
     * Handles the completion of this op's entry; the slot is free and {@link #userData} 0.
     *
     * @param res the result: a count, or a negative errno
     */
    abstract void completed(int res);

    /** Gives back what the op holds for its entry (staging, a lease, a new fd); safe to call twice. */
    abstract void releaseResources(int res);

    /** The operation is complete: become idle and let the handle go on. */
    void finished() {
        op = null;
        stop = null;
    }

    /** @return true while an entry of this op is in the kernel */
    final boolean inKernel() {
        return userData != 0;
    }

    /** @return the entry offset and the tag for a new entry of this op */
    final int entry() {
        int at = loop.sqeSlot();
        userData = loop.slots.claim(this);
        if (owner != null) {
            owner.entries++;
        }
        return at;
    }

    /** Called by the loop with the completion of this op's entry. */
    final void cqe(int res) {
        userData = 0;
        if (owner != null) {
            owner.entries--;
        }
        try {
            completed(res);
        } finally {
            if (owner != null) {
                owner.releaseIfDone(); // also when handling threw: the fd of a closing handle must go
            }
        }
    }

    /**
     * Stops the carried operation with {@code status}: a cancel for the entry in the kernel; its
     * completion ends the operation.
     *
     * @param status CANCELLED, TIMED_OUT, or the status a reset seen elsewhere imposes
     */
    final void stop(CompletionStatus status) {
        if (userData != 0 && stop == null) {
            stop = status;
            loop.cancelEntry(userData);
        }
    }

    /**
     * The loop died: the entry's completion came (or never will); gives back what it holds,
     * including what the kernel made (a new fd), and fails the operation.
     *
     * @param res the completion's result, or {@link Integer#MIN_VALUE} when none came
     * @param message why
     */
    final void abandon(int res, String message) {
        userData = 0;
        releaseResources(res);
        fail(CompletionStatus.FAILED, 0, message);
    }

    /**
     * Ends the carried operation (if any) with an error status, giving back what it holds.
     *
     * @param status the status
     * @param errno the errno, 0 if none
     * @param message why
     */
    final void fail(CompletionStatus status, int errno, String message) {
        Operation o = op;
        releaseResources(Integer.MIN_VALUE);
        if (o != null && !o.isDone()) {
            loop.fail(o, status, errno, message);
        }
        finished();
    }
}
