package io.overlap.nio;

import io.overlap.spi.AbstractHandle;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.Operation;

/**
 * A handle as its loop sees it: it takes its own operations in and gives them back on cancel or
 * timeout. Every method but {@link #release} runs on the handle's loop thread.
 */
interface LoopHandle extends Selectable {
    /** @return the loop that owns the handle */
    EventLoop loop();

    /**
     * Starts an operation submitted on this handle: queues it in its FIFO and tries it at once
     * when it is at the head.
     *
     * @param op an operation on this handle, not cancelled
     */
    void takeIn(Operation op);

    /**
     * Takes a pending operation out of its FIFO (cancel, timeout, containment).
     *
     * @param op the operation
     * @return true if it was pending here (the caller then completes it)
     */
    boolean remove(Operation op);

    /**
     * Gives the handle up after its channel failed in a way no operation can get past (it can
     * no longer be registered or watched): what waits fails with why, it is marked failed (not
     * open, later submissions complete {@code CLOSED}) and its channel is released.
     *
     * @param e what failed
     */
    default void breakDown(Throwable e) {
        loop().proactor.markBroken((AbstractHandle) this);
        close(NioErrors.statusOf(e), AbstractProactor.describe(e));
    }

    @Override
    default void onError(RuntimeException e) {
        breakDown(e);
    }

    /**
     * Releases the channel of a handle whose loop died, completing nothing (the loop did, or
     * there was nothing of it); any thread.
     */
    void release();
}
