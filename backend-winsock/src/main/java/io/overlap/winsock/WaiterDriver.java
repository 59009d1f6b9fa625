package io.overlap.winsock;

import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.util.List;

/** What an {@link IoThread} calls back into: the operations' side of the backend ({@link Engine}). */
interface WaiterDriver {
    /** Starts a queued operation (or its next step) on its home thread, or completes it if it must not start. */
    void post(Slot slot, IoThread on, CompletionBatch batch);

    /** Completes a queued operation that was taken out of its connection's parked ones. */
    void finishQueued(Slot slot, CompletionBatch batch);

    /** Reports an operation step the kernel is done with. */
    void kernelDone(Slot slot, long result, CompletionBatch batch);

    /** Fails an operation whose handling threw; {@code op} is what the slot carried then. */
    void contain(Slot slot, Operation op, Throwable failure, CompletionBatch batch);

    /** Fails an operation that is still with the kernel: cancels it, and completes it FAILED once it is back. */
    void abortFailed(Slot slot, int generation, String why);

    /** Cancels operations whose waiter died, waits for the kernel to give them back, fails them. */
    void reclaim(List<Slot> started, String why, CompletionBatch batch);

    /** @return how long a dying thread waits for the kernel to give back what it started */
    long reclaimGraceMillis();

    /** Fails an operation that is not with the kernel (queued, or between steps). */
    void failQueued(Slot slot, String why, CompletionBatch batch);

    /** Takes a dead I/O thread out of service (and, for a primary, the handles homed on it). */
    void died(IoThread w, String why, CompletionBatch batch);

    /** Ends an operation whose timeout passed (it may have completed meanwhile). */
    void expired(Operation op);

    /** @return a fresh batch for this thread */
    CompletionBatch ioBatch();
}
