package io.overlap.winsock;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How one receive or send presents the caller's buffers to the kernel: direct buffers in
 * place, heap buffers through staging chunks. After the kernel is done it moves each caller
 * buffer's position by exactly its share of the bytes transferred, in order, and touches
 * nothing else (limit, mark, contents beyond the bytes received).
 */
final class BufferPlan {
    /** A receive stages at most this many bytes of heap buffers (it may return fewer anyway). */
    static final int RECV_STAGING_LIMIT = StagingPool.MAX_CHUNK;
    /**
     * A send stages at most this many bytes of heap buffers per call, so a heap send of any size
     * holds a bounded amount of native memory (outside {@code MaxDirectMemorySize}); the rest
     * goes in later calls.
     */
    static final int SEND_STAGING_LIMIT = 16 * StagingPool.MAX_CHUNK;

    private ByteBuffer[] wsa = new ByteBuffer[4];
    private int[] owner = new int[4];
    private int[] length = new int[4];
    private Winsock.NativeMemory[] staged = new Winsock.NativeMemory[4];
    private int count;
    private long total;
    private boolean partial;

    /** @return the direct buffers to hand to the kernel, {@link #count()} of them */
    ByteBuffer[] buffers() {
        return wsa;
    }

    int count() {
        return count;
    }

    /** @return the bytes the kernel may move */
    long total() {
        return total;
    }

    /** @return true if a send plan stopped at its staging limit: bytes remain for a later call */
    boolean isPartial() {
        return partial;
    }

    /**
     * Plans a receive: a prefix of the buffers, so that bytes land in order with no gap.
     *
     * @param dsts the caller's buffers
     * @param pool where staging chunks come from
     */
    void planRecv(ByteBuffer[] dsts, StagingPool pool) {
        int budget = RECV_STAGING_LIMIT;
        for (int i = 0; i < dsts.length; i++) {
            ByteBuffer b = dsts[i];
            int r = b.remaining();
            if (r == 0) {
                continue;
            }
            if (b.isDirect()) {
                add(b, i, r, null);
                continue;
            }
            int take = Math.min(r, budget);
            if (take == 0) {
                return;
            }
            stage(i, take, pool, null);
            budget -= take;
            if (take < r) {
                return; // a later buffer would leave a gap in this one
            }
        }
    }

    /**
     * Plans a send of the remaining bytes, in order, copying heap buffers into staging chunks
     * up to {@link #SEND_STAGING_LIMIT}; {@link #isPartial()} tells whether bytes are left.
     *
     * @param srcs the caller's buffers (their positions are not moved here)
     * @param pool where staging chunks come from
     */
    void planSend(ByteBuffer[] srcs, StagingPool pool) {
        int budget = SEND_STAGING_LIMIT;
        for (int i = 0; i < srcs.length; i++) {
            ByteBuffer b = srcs[i];
            int r = b.remaining();
            if (r == 0) {
                continue;
            }
            if (b.isDirect()) {
                add(b, i, r, null);
                continue;
            }
            ByteBuffer from = b.duplicate();
            while (from.hasRemaining() && budget > 0) {
                int take = Math.min(Math.min(from.remaining(), StagingPool.MAX_CHUNK), budget);
                stage(i, take, pool, from);
                budget -= take;
            }
            if (from.hasRemaining()) {
                partial = true; // later bytes would overtake the ones not staged yet
                return;
            }
        }
    }

    /**
     * After a receive: copies staged bytes out and advances positions by {@code n} in all.
     *
     * @param dsts the caller's buffers
     * @param n bytes received, at most {@link #total()}
     */
    void finishRecv(ByteBuffer[] dsts, long n) {
        for (int k = 0; k < count && n > 0; k++) {
            int take = (int) Math.min(length[k], n);
            ByteBuffer dst = dsts[owner[k]];
            if (staged[k] != null) {
                dst.put(wsa[k].duplicate().limit(take));
            } else {
                dst.position(dst.position() + take);
            }
            n -= take;
        }
    }

    /**
     * After a send: advances positions by {@code n} in all.
     *
     * @param srcs the caller's buffers
     * @param n bytes sent, at most {@link #total()}
     */
    void finishSend(ByteBuffer[] srcs, long n) {
        for (int k = 0; k < count && n > 0; k++) {
            int take = (int) Math.min(length[k], n);
            ByteBuffer src = srcs[owner[k]];
            src.position(src.position() + take);
            n -= take;
        }
    }

    /** Gives the staging chunks back and forgets the plan; the kernel must be done with them. */
    void release(StagingPool pool) {
        for (int k = 0; k < count; k++) {
            if (staged[k] != null) {
                pool.give(staged[k]);
                staged[k] = null;
            }
            wsa[k] = null;
        }
        count = 0;
        total = 0;
        partial = false;
    }

    private void stage(int owner, int bytes, StagingPool pool, ByteBuffer copyFrom) {
        Winsock.NativeMemory m = pool.take(bytes);
        ByteBuffer chunk = m.buffer();
        if (copyFrom != null) {
            int end = copyFrom.position() + bytes;
            chunk.put(copyFrom.duplicate().limit(end));
            copyFrom.position(end);
            chunk.flip();
        } else {
            chunk.limit(bytes);
        }
        add(chunk, owner, bytes, m);
    }

    private void add(ByteBuffer b, int ownerIndex, int bytes, Winsock.NativeMemory m) {
        if (count == wsa.length) {
            int n = count * 2;
            wsa = Arrays.copyOf(wsa, n);
            owner = Arrays.copyOf(owner, n);
            length = Arrays.copyOf(length, n);
            staged = Arrays.copyOf(staged, n);
        }
        wsa[count] = b;
        owner[count] = ownerIndex;
        length[count] = bytes;
        staged[count] = m;
        count++;
        total += bytes;
    }
}
