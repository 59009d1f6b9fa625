package io.overlap.examples.load;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The bytes every connection sends, so that every echoed byte can be checked.
 *
 * <p>A connection's stream is a window into one pseudo-random table whose length is a prime
 * ({@value #PERIOD}), starting at an offset of its own. A byte lost, doubled or moved shifts
 * the rest of the stream against the table, and a byte from another connection comes from a
 * different place in it, so each shows up as a mismatch (with probability 255/256 per byte).
 * The table is repeated for {@value #WINDOW} bytes past its end so that any piece up to that
 * long can be compared or copied in one call without wrapping.
 */
final class Pattern {
    /** The table's length: a prime, so that starting offsets spread over it evenly. */
    static final int PERIOD = 1_000_003;
    /** The longest piece handled in one call. */
    static final int WINDOW = 1 << 16;
    /** Distance between neighbouring connections' starts; a prime smaller than {@link #PERIOD}. */
    private static final long STRIDE = 104_729;

    private final byte[] table = new byte[PERIOD + WINDOW];

    /** @param seed the seed of the table; the same seed gives the same table */
    Pattern(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < PERIOD; i += 4) {
            int r = random.nextInt();
            for (int k = 0; k < 4 && i + k < PERIOD; k++) {
                table[i + k] = (byte) (r >>> (8 * k));
            }
        }
        System.arraycopy(table, 0, table, PERIOD, WINDOW);
    }

    /**
     * @param connection a connection's index
     * @return where its stream starts in the table; different for every index below {@link #PERIOD}
     */
    static long startOf(int connection) {
        return connection * STRIDE % PERIOD;
    }

    /**
     * @return a private view of the table for one thread (or one connection) at a time: the
     *     calls below move its position and limit
     */
    ByteBuffer newView() {
        return ByteBuffer.wrap(table).asReadOnlyBuffer();
    }

    /**
     * Puts {@code n} bytes of a stream into {@code dst} at its position.
     *
     * @param dst where to put them; needs {@code n} bytes of room
     * @param start the stream's start in the table
     * @param offset the stream offset of the first byte
     * @param n how many
     * @param view a view from {@link #newView()}
     */
    void fill(ByteBuffer dst, long start, long offset, int n, ByteBuffer view) {
        while (n > 0) {
            int piece = Math.min(n, WINDOW);
            int at = (int) ((start + offset) % PERIOD);
            view.limit(at + piece).position(at);
            dst.put(view);
            offset += piece;
            n -= piece;
        }
    }

    /**
     * Compares the remaining bytes of {@code src} with a stream, leaving {@code src}'s position
     * and limit as they were.
     *
     * @param src the bytes received
     * @param start the stream's start in the table
     * @param offset the stream offset of {@code src}'s first remaining byte
     * @param view a view from {@link #newView()}
     * @return the index (from {@code src}'s position) of the first wrong byte, or -1 if all match
     */
    int mismatch(ByteBuffer src, long start, long offset, ByteBuffer view) {
        int base = src.position();
        int limit = src.limit();
        try {
            for (int i = base; i < limit; ) {
                int piece = Math.min(limit - i, WINDOW);
                int at = (int) ((start + offset + (i - base)) % PERIOD);
                view.limit(at + piece).position(at);
                src.limit(i + piece).position(i);
                int m = src.mismatch(view);
                if (m >= 0) {
                    return i - base + m;
                }
                i += piece;
            }
            return -1;
        } finally {
            src.limit(limit).position(base);
        }
    }

    /**
     * @param start the stream's start in the table
     * @param offset a stream offset
     * @return the byte the stream has there
     */
    byte expected(long start, long offset) {
        return table[(int) ((start + offset) % PERIOD)];
    }
}
