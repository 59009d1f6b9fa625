package io.overlap.winsock;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import java.nio.ByteBuffer;

/**
 * A pooled receive: a zero-byte {@code WSARecv} waits for data without pinning a buffer; when it
 * returns, the home thread leases a buffer and posts the real {@code WSARecv} (or completes
 * {@code NO_BUFFER}). It holds its connection's receive lane from the wait until the read is
 * posted, so receives submitted after it are filled after it.
 */
final class PooledRecvTask extends RecvTask {
    /** Its zero-byte wait is with the kernel. */
    static final int WAITING = 1;
    /** The wait is back; the home thread leases and reads next. */
    static final int WAITED = 2;
    /** Its read into the leased buffer is with the kernel. */
    static final int READING = 3;

    PooledRecvTask(Engine io) {
        super(io);
    }

    @Override
    int start(Slot s) {
        SocketRef ref = s.ref;
        if (s.phase != WAITED) {
            return ref.start(s, ref.recvLane(), () -> {
                s.ioSocket = ref.socket();
                io.notifier.beforeStart(s);
                int err = ws.startRecvWait(s.ioSocket, s.block, s.event);
                if (Winsock.isStarted(err)) {
                    s.phase = WAITING;
                    ref.hold(ref.recvLane(), s);
                }
                return err;
            });
        }
        int waitErr = IoResult.error(s.waitResult);
        if (waitErr != 0) {
            return waitErr;
        }
        BufferPool pool = s.op.pool();
        FaultInjector.checkUnchecked(io.faults, FaultPoint.ALLOCATE, "BufferPool.tryLease");
        BufferLease lease = pool.tryLease(pool.recvSize());
        if (lease == null) {
            return Engine.NO_BUFFER;
        }
        s.lease = lease;
        s.leaseBuffers = new ByteBuffer[] {lease.buffer().limit(pool.recvSize())};
        return ref.start(s, ref.recvLane(), () -> {
            s.plan.planRecv(s.leaseBuffers, io.staging);
            io.notifier.beforeStart(s);
            int err = ws.startRecv(s.ioSocket, s.block, s.event, s.plan.buffers(), s.plan.count());
            if (Winsock.isStarted(err)) {
                s.phase = READING;
                if (ref.letGo(s)) {
                    ref.home().pumpLater(ref); // the receives parked behind it start after its read
                }
            }
            return err;
        });
    }

    @Override
    void completed(Slot s, int err, long n, CompletionBatch batch) {
        if (s.phase == WAITING) {
            // data (or the end, or an error) is there: the home thread leases a buffer and reads
            s.ref.ended(s);
            s.phase = WAITED;
            s.waitResult = IoResult.of(err, n);
            io.again(s);
            return;
        }
        finishRead(s, err, n, s.leaseBuffers, batch);
    }

    @Override
    void handOver(Slot s) {
        s.leaseBuffers[0].flip();
        io.handOverLease(s); // from here the lease is the completion taker's
    }

    @Override
    String call(Slot s) {
        return s.phase == READING ? "WSARecv" : "WSARecv (zero-byte wait)";
    }
}
