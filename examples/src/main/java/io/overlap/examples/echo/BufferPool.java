package io.overlap.examples.echo;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Direct buffers of one size, kept for reuse when a connection closes: a server that sees
 * connections come and go quickly then does not allocate (and zero) fresh direct memory for each
 * one, nor wait for the collector to give it back. Keeps at most a bounded number idle.
 */
final class BufferPool {
    private final int bufferSize;
    private final int maxIdle;
    private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    /**
     * @param bufferSize the capacity of every buffer
     * @param maxIdle how many unused buffers are kept at most
     */
    BufferPool(int bufferSize, int maxIdle) {
        this.bufferSize = bufferSize;
        this.maxIdle = maxIdle;
    }

    /** @return a cleared direct buffer of the pool's size */
    ByteBuffer take() {
        ByteBuffer b = idle.poll();
        if (b == null) {
            return ByteBuffer.allocateDirect(bufferSize);
        }
        idleCount.decrementAndGet();
        return b;
    }

    /** @param b a buffer from {@link #take()} that no operation uses any more */
    void release(ByteBuffer b) {
        if (idleCount.incrementAndGet() <= maxIdle) {
            b.clear();
            idle.offer(b);
        } else {
            idleCount.decrementAndGet();
        }
    }
}
