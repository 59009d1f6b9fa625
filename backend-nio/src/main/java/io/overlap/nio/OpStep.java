package io.overlap.nio;

import io.overlap.OpKind;
import io.overlap.spi.Operation;

/** One I/O attempt for the operation at the head of a FIFO ({@link EventLoop#drive}). */
interface OpStep {
    /**
     * @param kind the direction, for a handle with more than one FIFO
     * @return the operation at the head of the FIFO of {@code kind}, or null when it is empty
     */
    Operation head(OpKind kind);

    /**
     * @param head the operation at the head of the FIFO
     * @return true if the next operation of the FIFO may be tried at once
     */
    boolean attempt(Operation head);
}
