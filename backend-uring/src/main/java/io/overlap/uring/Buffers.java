package io.overlap.uring;

import com.sun.jna.Memory;
import io.overlap.uring.sys.Sockets;
import java.nio.ByteBuffer;

/** What receives and sends do with the caller's buffers: sums, moving positions, staging copies, iovecs. */
final class Buffers {
    private Buffers() {
    }

    static long remaining(ByteBuffer[] bufs) {
        long n = 0;
        for (ByteBuffer b : bufs) {
            n += b.remaining();
        }
        return n;
    }

    /** @return how many buffers still have bytes (or room) */
    static int withRemaining(ByteBuffer[] bufs) {
        int n = 0;
        for (ByteBuffer b : bufs) {
            if (b.hasRemaining()) {
                n++;
            }
        }
        return n;
    }

    /** @return the first buffer with bytes (or room) left, or null */
    static ByteBuffer first(ByteBuffer[] bufs) {
        for (ByteBuffer b : bufs) {
            if (b.hasRemaining()) {
                return b;
            }
        }
        return null;
    }

    static boolean allDirect(ByteBuffer[] bufs) {
        for (ByteBuffer b : bufs) {
            if (!b.isDirect()) {
                return false;
            }
        }
        return true;
    }

    /** Moves positions forward over {@code n} bytes the kernel read into or wrote from the buffers in place. */
    static void advance(ByteBuffer[] bufs, long n) {
        for (ByteBuffer b : bufs) {
            int k = (int) Math.min(b.remaining(), n);
            b.position(b.position() + k);
            n -= k;
            if (n == 0) {
                return;
            }
        }
    }

    /** Copies the first {@code n} bytes of {@code staged} into the buffers, moving their positions. */
    static void scatter(ByteBuffer staged, int n, ByteBuffer[] dsts) {
        ByteBuffer s = staged.duplicate();
        s.position(0).limit(n);
        for (ByteBuffer d : dsts) {
            if (!s.hasRemaining()) {
                return;
            }
            int k = Math.min(d.remaining(), s.remaining());
            ByteBuffer part = s.duplicate();
            part.limit(part.position() + k);
            d.put(part);
            s.position(s.position() + k);
        }
    }

    /** Copies from the buffers (positions unmoved) into {@code staged} up to its limit; @return bytes copied */
    static int gather(ByteBuffer[] srcs, ByteBuffer staged) {
        staged.position(0);
        for (ByteBuffer b : srcs) {
            if (!staged.hasRemaining()) {
                break;
            }
            ByteBuffer d = b.duplicate();
            if (d.remaining() > staged.remaining()) {
                d.limit(d.position() + staged.remaining());
            }
            staged.put(d);
        }
        int n = staged.position();
        staged.position(0);
        return n;
    }

    /**
     * Writes a struct iovec per buffer with bytes (or room) left, from {@code at} in {@code m}.
     *
     * @return how many were written
     */
    static int iovecs(ByteBuffer[] bufs, Memory m, long at) {
        int n = 0;
        for (ByteBuffer b : bufs) {
            if (b.hasRemaining()) {
                m.setLong(at + 16L * n, Sockets.address(b) + b.position());
                m.setLong(at + 16L * n + 8, b.remaining());
                n++;
            }
        }
        return n;
    }
}
