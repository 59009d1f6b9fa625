package io.overlap.nio;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.Operation;

/** The buffer of a pooled receive, leased on its loop only once data is (probably) there, so idle connections pin nothing. */
final class PooledRecv {
    private PooledRecv() {
    }

    /** @return a lease, or null after failing the head receive that found the pool empty or no memory */
    static BufferLease lease(NioConnection c, Operation op, BufferPool pool) {
        EventLoop loop = c.loop;
        BufferLease lease;
        try {
            FaultInjector.checkUnchecked(loop.faults, FaultPoint.ALLOCATE, "tryLease");
            lease = pool.tryLease(pool.recvSize());
        } catch (OutOfMemoryError e) {
            // (direct) memory for one buffer is out: this receive fails, the loop goes on
            c.pollHead(OpKind.RECV);
            loop.results.fail(op, CompletionStatus.FAILED, AbstractProactor.describe(e));
            return null;
        }
        if (lease == null) {
            c.pollHead(OpKind.RECV);
            loop.results.fail(op, CompletionStatus.NO_BUFFER, "buffer pool exhausted: " + pool
                    + "; release leases and submit again");
        }
        return lease;
    }

    static void release(BufferLease lease) {
        if (lease != null) {
            lease.release();
        }
    }
}
