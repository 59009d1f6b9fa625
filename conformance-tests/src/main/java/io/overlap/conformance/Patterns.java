package io.overlap.conformance;

import java.nio.ByteBuffer;

/**
 * Reproducible byte streams: byte {@code i} of stream {@code seed} is a hash of both, so two
 * streams differ almost everywhere and a byte from the wrong stream or the wrong offset shows.
 */
public final class Patterns {
    private Patterns() {
    }

    /**
     * @param seed which stream
     * @param index the offset in the stream
     * @return the byte at that offset
     */
    public static byte at(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 29)) * 0xBF58476D1CE4E5B9L;
        return (byte) (z ^ (z >>> 32));
    }

    /**
     * @param seed which stream
     * @param offset where in the stream to start
     * @param length how many bytes
     * @return that part of the stream
     */
    public static byte[] bytes(long seed, long offset, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = at(seed, offset + i);
        }
        return b;
    }

    /**
     * @param seed which stream
     * @param offset where in the stream to start
     * @param length how many bytes
     * @return a heap buffer holding that part of the stream, ready to send
     */
    public static ByteBuffer buffer(long seed, long offset, int length) {
        return ByteBuffer.wrap(bytes(seed, offset, length));
    }

    /**
     * Compares the remaining bytes of {@code data} with the stream, without moving it.
     *
     * @param seed which stream
     * @param offset the stream offset of {@code data}'s first remaining byte
     * @param data the bytes to check
     * @return the index (relative to the position) of the first wrong byte, or -1 if all match
     */
    public static int firstMismatch(long seed, long offset, ByteBuffer data) {
        int p = data.position();
        for (int i = 0, n = data.remaining(); i < n; i++) {
            if (data.get(p + i) != at(seed, offset + i)) {
                return i;
            }
        }
        return -1;
    }
}
