package io.overlap.bench;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The content check of the load client: connection {@code i}'s byte stream is a window into one
 * pseudo-random table of prime length at a per-connection offset, so a lost, doubled,
 * reordered, corrupted or foreign byte is caught at the stream offset where it appears.
 *
 * <p>The table is stored with a tail copy of its beginning, so any window up to the tail's
 * length can be sent or compared without wrapping.
 */
final class StreamPattern {
    /** The period of every stream; prime, so windows of different connections rarely align. */
    static final int PERIOD = 1_000_003;

    private final byte[] table;
    private final ByteBuffer direct;
    private final int window;

    /** @param window the longest run compared or sent at once */
    StreamPattern(int window) {
        this.window = window;
        byte[] t = new byte[PERIOD + window];
        SplittableRandom r = new SplittableRandom(0x5eed_0f_0ae1a9L);
        for (int i = 0; i < PERIOD; i++) {
            t[i] = (byte) r.nextInt(256);
        }
        System.arraycopy(t, 0, t, PERIOD, window);
        this.table = t;
        this.direct = ByteBuffer.allocateDirect(t.length).put(t).clear();
    }

    /** @return the longest run {@link #sendView} and {@link #matches} accept */
    int window() {
        return window;
    }

    /**
     * @param seed the connection's start offset
     * @param streamOffset the offset in the connection's stream
     * @return the table index of that stream byte
     */
    static int index(int seed, long streamOffset) {
        return (int) ((seed + streamOffset) % PERIOD);
    }

    /** @return a private view of the table to send from (set position and limit per write) */
    ByteBuffer sendView() {
        return direct.duplicate();
    }

    /**
     * @param received bytes that arrived
     * @param from first byte in {@code received}
     * @param len how many, at most {@link #window()}
     * @param tableIndex where they should start in the table
     * @return true if all match
     */
    boolean matches(byte[] received, int from, int len, int tableIndex) {
        return Arrays.mismatch(received, from, from + len, table, tableIndex, tableIndex + len) < 0;
    }
}
