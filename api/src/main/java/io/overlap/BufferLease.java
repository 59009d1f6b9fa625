package io.overlap;

import java.nio.ByteBuffer;

/**
 * A buffer lent by a {@link BufferPool}, e.g. carried by a pooled receive's {@link Completion}.
 * Whoever holds the lease releases it exactly once; after that the buffer must not be touched.
 */
public interface BufferLease extends AutoCloseable {
    /**
     * @return the leased buffer; for a receive, flipped: position 0, limit = bytes received
     * @throws IllegalStateException once released
     */
    ByteBuffer buffer();

    /**
     * Gives the buffer back to its pool.
     *
     * @throws IllegalStateException if it was already released
     */
    void release();

    /** @return true once released */
    boolean isReleased();

    /** Releases the lease unless it already was, so try-with-resources is safe. */
    @Override
    default void close() {
        if (!isReleased()) {
            release();
        }
    }
}
