package io.overlap.uring;

import io.overlap.CompletionStatus;
import io.overlap.spi.Operation;

/** What the loop needs of a listener or a connection homed on it. Loop thread only, except {@link #loop()}. */
interface UringHandle {
    /** @return the loop the handle is homed on */
    Loop loop();

    /** @return the owner of its fd */
    FdOwner fd();

    /** @param op an operation on this handle, handed to the loop */
    void takeIn(Operation op);

    /**
     * The head operation of one of its lanes is to start: ends it at once when the handle's
     * state says how it ends (a reset, an end of stream), else gives the op object to carry it.
     *
     * @param op the operation, not done
     * @return the op object to start, or null when {@code op} was ended here
     */
    UringOp opFor(Operation op);

    /**
     * Ends a pending operation of this handle with {@code status} (at once if it waits, by a
     * cancel if its entry is in the kernel); nothing if it is not this handle's.
     *
     * @param op the operation
     * @param status CANCELLED or TIMED_OUT
     */
    void stop(Operation op, CompletionStatus status);

    /** Closes locally: what waits completes CANCELLED, entries in the kernel are cancelled, then the fd closes. */
    void close();

    /**
     * The loop died: fails what waits and what is being started; entries in the kernel are the loop's.
     *
     * @param message why
     */
    void abandon(String message);
}
