package io.overlap.uring;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct memory that heap buffers are staged through (the kernel needs an address that does not
 * move): one size per power of two from 4 KiB to {@link #MAX}, a few kept per size for reuse.
 * A staged buffer is taken when an entry is written and given back only after its completion.
 * Loop thread only.
 */
final class Staging {
    /** The most bytes one staged receive or send moves; a larger send continues. */
    static final int MAX = 64 * 1024;
    private static final int MIN_SHIFT = 12;
    private static final int KEEP = 16;

    private final List<ArrayDeque<ByteBuffer>> free = new ArrayList<>();

    Staging() {
        for (int shift = MIN_SHIFT; shift <= 16; shift++) {
            free.add(new ArrayDeque<>());
        }
    }

    /** @return a cleared direct buffer of at least {@code min(bytes, MAX)} bytes, its limit at that size */
    ByteBuffer take(long bytes) {
        int want = (int) Math.min(Math.max(bytes, 1), MAX);
        int shift = Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(want - 1));
        int cls = shift - MIN_SHIFT;
        ByteBuffer b = free.get(cls).poll();
        if (b == null) {
            b = ByteBuffer.allocateDirect(1 << shift);
        }
        b.clear().limit(want);
        return b;
    }

    /** @param b a buffer from {@link #take}, no longer in the kernel's hands */
    void giveBack(ByteBuffer b) {
        int cls = Integer.numberOfTrailingZeros(b.capacity()) - MIN_SHIFT;
        ArrayDeque<ByteBuffer> q = free.get(cls);
        if (q.size() < KEEP) {
            q.add(b);
        }
    }
}
