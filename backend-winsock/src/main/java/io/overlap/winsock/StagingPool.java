package io.overlap.winsock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Pooled native memory for staging heap buffers: the kernel can only read or write memory that
 * does not move, so a heap buffer's bytes travel through one of these chunks. Chunks come in
 * power-of-two sizes from {@value #MIN_CHUNK} to {@value #MAX_CHUNK} bytes; a few of each size
 * are kept for reuse, the rest are freed at once.
 */
final class StagingPool {
    static final int MIN_CHUNK = 1 << 10;
    static final int MAX_CHUNK = 1 << 16;
    private static final int MIN_SHIFT = 10;
    private static final int CLASSES = 7; // 1 KiB .. 64 KiB

    private final Winsock ws;
    private final int keepPerClass;
    private final List<ArrayDeque<Winsock.NativeMemory>> idle = new ArrayList<>();
    private int live; // allocated and not freed (idle or in use)
    private boolean closed;

    StagingPool(Winsock ws, int keepPerClass) {
        this.ws = ws;
        this.keepPerClass = keepPerClass;
        for (int i = 0; i < CLASSES; i++) {
            idle.add(new ArrayDeque<>());
        }
    }

    /**
     * @param bytes wanted, 1 to {@value #MAX_CHUNK}
     * @return a chunk of at least {@code bytes}, its buffer cleared
     */
    Winsock.NativeMemory take(int bytes) {
        int c = sizeClass(bytes);
        Winsock.NativeMemory m;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("staging pool is closed");
            }
            m = idle.get(c).poll();
            if (m == null) {
                live++;
            }
        }
        if (m == null) {
            try {
                m = ws.allocate(MIN_CHUNK << c);
            } catch (RuntimeException | OutOfMemoryError e) {
                synchronized (this) {
                    live--;
                }
                throw e;
            }
        }
        m.buffer().clear();
        return m;
    }

    /** @param m a chunk from {@link #take}, no longer used by the kernel */
    void give(Winsock.NativeMemory m) {
        int c = sizeClass(m.buffer().capacity());
        synchronized (this) {
            if (!closed && idle.get(c).size() < keepPerClass) {
                idle.get(c).push(m);
                return;
            }
            live--;
        }
        m.free();
    }

    /** Frees the idle chunks; chunks still in use are freed when given back. */
    void close() {
        synchronized (this) {
            closed = true;
            for (ArrayDeque<Winsock.NativeMemory> q : idle) {
                for (Winsock.NativeMemory m; (m = q.poll()) != null; ) {
                    live--;
                    m.free();
                }
            }
        }
    }

    synchronized int live() {
        return live;
    }

    static int sizeClass(int bytes) {
        if (bytes <= MIN_CHUNK) {
            return 0;
        }
        int shift = 32 - Integer.numberOfLeadingZeros(bytes - 1); // ceil(log2(bytes))
        return Math.min(shift - MIN_SHIFT, CLASSES - 1);
    }
}
