package io.overlap.uring;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.overlap.spi.Operation;
import io.overlap.uring.sys.ErrnoException;
import io.overlap.uring.sys.LibC;
import java.io.IOException;

/**
 * The loop's wake-up: an eventfd that other threads write to (coalesced by the loop's awake
 * flag, so a busy loop costs them no system call), with a read of it always in the ring, so
 * that a wait in io_uring_enter ends when work is handed over.
 */
final class Wake extends UringOp {
    /** The 8 bytes every signal writes: one count. */
    private static final Memory ONE = new Memory(8);

    static {
        ONE.setLong(0, 1L);
    }

    private final int fd;
    /** Where the kernel puts the count it reads; written only while the read is in the kernel. */
    private final Memory counter = new Memory(8);
    private boolean closed;

    Wake(Loop loop) throws IOException {
        super(loop, null);
        int f = LibC.eventfd(0, LibC.EFD_CLOEXEC);
        if (f < 0) {
            counter.close();
            throw new ErrnoException("eventfd", LibC.errno());
        }
        this.fd = f;
    }

    /** Puts the read in the ring. */
    void arm() {
        int at = entry();
        loop.sqe.buffer(at, io.overlap.uring.sys.Sqe.OP_READ, fd, Pointer.nativeValue(counter), 8, 0, userData);
    }

    /** Any thread: ends the loop's wait. */
    void signal() {
        LibC.write(fd, Pointer.nativeValue(ONE), 8);
    }

    @Override
    void start(Operation op) {
        throw new UnsupportedOperationException("the wake-up carries no operation");
    }

    @Override
    void completed(int res) {
        if (stop == null) {
            arm(); // the next hand-over must find a read in the ring again
        }
    }

    @Override
    void releaseResources(int res) {
        // the counter lives as long as the loop
    }

    /** Closes the eventfd; only once its read has completed (or the ring is gone). */
    void close() {
        if (!closed) {
            closed = true;
            LibC.close(fd);
            counter.close();
        }
    }
}
