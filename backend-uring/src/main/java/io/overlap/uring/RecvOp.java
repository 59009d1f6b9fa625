package io.overlap.uring;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.overlap.CompletionStatus;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.Operation;
import io.overlap.uring.sys.Sockets;
import io.overlap.uring.sys.Sqe;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A receive into the caller's buffers: a direct buffer is read into in place (RECV), several
 * direct ones through READV, heap buffers through a staged direct buffer copied on completion.
 * Reused for each receive of its connection, one at a time.
 */
final class RecvOp extends UringOp {
    private final UringConnection conn;
    private ByteBuffer staged;
    private Memory iov;

    RecvOp(Loop loop, UringConnection conn) {
        super(loop, conn.fd());
        this.conn = conn;
    }

    @Override
    void start(Operation op) throws IOException {
        ByteBuffer[] dsts = op.buffers();
        FaultInjector.check(loop.faults, FaultPoint.READ, "recv");
        int fd = owner.fd;
        if (Buffers.withRemaining(dsts) == 1 && Buffers.first(dsts).isDirect()) {
            ByteBuffer d = Buffers.first(dsts);
            int at = entry();
            loop.sqe.buffer(at, Sqe.OP_RECV, fd, Sockets.address(d) + d.position(), d.remaining(), 0, userData);
        } else if (Buffers.allDirect(dsts)) {
            iov = new Memory(16L * dsts.length);
            int n = Buffers.iovecs(dsts, iov, 0);
            int at = entry();
            loop.sqe.readv(at, fd, Pointer.nativeValue(iov), n, userData);
        } else {
            staged = loop.staging.take(Buffers.remaining(dsts));
            int at = entry();
            loop.sqe.buffer(at, Sqe.OP_RECV, fd, Sockets.address(staged), staged.limit(), 0, userData);
        }
    }

    @Override
    void completed(int res) {
        Operation o = op;
        if (res > 0) {
            if (staged != null) {
                Buffers.scatter(staged, res, o.buffers());
            } else {
                Buffers.advance(o.buffers(), res);
            }
            releaseResources(res);
            loop.access.addTransferred(o, res);
            loop.complete(o, CompletionStatus.OK);
            finished();
        } else {
            conn.recvEnded(this, res, "recv");
        }
    }

    @Override
    void releaseResources(int res) {
        if (staged != null) {
            loop.staging.giveBack(staged);
            staged = null;
        }
        if (iov != null) {
            iov.close();
            iov = null;
        }
    }

    @Override
    void finished() {
        super.finished();
        conn.recvFinished();
    }
}
