package io.overlap.uring;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.Operation;
import io.overlap.uring.sys.Errno;
import io.overlap.uring.sys.LibC;
import io.overlap.uring.sys.Sockets;
import io.overlap.uring.sys.Sqe;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A pooled receive: a one-shot poll waits for data with no buffer at all (an idle connection
 * pins nothing), then a buffer is leased from the operation's pool and a non-blocking RECV
 * fills it. An exhausted pool completes NO_BUFFER with the data left in the socket; a poll
 * that woke for nothing (EAGAIN) gives the lease back and polls again. The lease is held only
 * between the wake-up and the RECV's completion, so the pool's bound is the caller's bound.
 */
final class PooledRecvOp extends UringOp {
    private final UringConnection conn;
    private boolean reading;
    private BufferLease lease;
    private ByteBuffer staged;

    PooledRecvOp(Loop loop, UringConnection conn) {
        super(loop, conn.fd());
        this.conn = conn;
    }

    @Override
    void start(Operation op) {
        reading = false;
        int at = entry();
        loop.sqe.pollAdd(at, owner.fd, LibC.POLLIN, userData);
    }

    @Override
    void completed(int res) {
        Operation o = op;
        if (!reading) {
            if (res < 0) {
                conn.recvEnded(this, res, "poll");
            } else if (stop != null) {
                fail(stop, 0, null); // nothing was read: the stop wins
            } else {
                read(o);
            }
        } else if (res > 0) {
            ByteBuffer b = lease.buffer();
            if (staged != null) {
                b.put(staged.duplicate().position(0).limit(res));
            } else {
                b.position(res);
            }
            b.flip();
            BufferLease l = lease;
            lease = null;
            releaseResources(res);
            loop.access.setLease(o, l);
            loop.access.addTransferred(o, res);
            loop.complete(o, CompletionStatus.OK);
            finished();
        } else if (res == -Errno.EAGAIN && stop == null) {
            releaseResources(res); // woken for nothing: wait again, holding no buffer
            start(o);
        } else {
            conn.recvEnded(this, res, "recv");
        }
    }

    /** Data is there: lease, then read. */
    private void read(Operation o) {
        BufferPool pool = o.pool();
        try {
            FaultInjector.checkUnchecked(loop.faults, FaultPoint.ALLOCATE, "tryLease");
            lease = pool.tryLease(pool.recvSize());
        } catch (OutOfMemoryError e) {
            fail(CompletionStatus.FAILED, 0, AbstractProactor.describe(e)); // memory for one buffer: this receive fails
            return;
        }
        if (lease == null) {
            fail(CompletionStatus.NO_BUFFER, 0, "buffer pool exhausted: " + pool + "; release leases and submit again");
            return;
        }
        try {
            FaultInjector.check(loop.faults, FaultPoint.READ, "recv");
        } catch (IOException e) {
            fail(CompletionStatus.FAILED, 0, AbstractProactor.describe(e));
            return;
        }
        ByteBuffer b = lease.buffer();
        long addr;
        int len = b.remaining();
        if (b.isDirect()) {
            addr = Sockets.address(b) + b.position();
        } else {
            staged = loop.staging.take(len);
            len = staged.limit();
            addr = Sockets.address(staged);
        }
        reading = true;
        int at = entry();
        loop.sqe.buffer(at, Sqe.OP_RECV, owner.fd, addr, len, LibC.MSG_DONTWAIT, userData);
    }

    @Override
    void releaseResources(int res) {
        if (lease != null) {
            lease.release();
            lease = null;
        }
        if (staged != null) {
            loop.staging.giveBack(staged);
            staged = null;
        }
    }

    @Override
    void finished() {
        super.finished();
        conn.recvFinished();
    }
}
