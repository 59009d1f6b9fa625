package io.overlap.nio;

import io.overlap.spi.Operation;

/** One I/O attempt for the operation at the head of a FIFO ({@link EventLoop#drive}). */
interface OpStep {
    /**
     * @param head the operation at the head of the FIFO
     * @return true if the next operation of the FIFO may be tried at once
     */
    boolean attempt(Operation head);
}
