package io.overlap.uring;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.Operation;
import io.overlap.uring.sys.LibC;
import io.overlap.uring.sys.Sockets;
import io.overlap.uring.sys.Sqe;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A send: SEND for one direct buffer, SENDMSG for several, heap buffers through a staged copy
 * (at most {@link Staging#MAX} bytes an entry). A short send continues with the rest, so the
 * operation completes with every byte or with an error and the count written so far.
 * MSG_NOSIGNAL: a reset peer is an EPIPE result, never a SIGPIPE.
 */
final class SendOp extends UringOp {
    /** sizeof(struct msghdr) on LP64; the iovecs follow it in the same block. */
    private static final int MSGHDR = 56;

    private final UringConnection conn;
    private ByteBuffer staged;
    private Memory msg;

    SendOp(Loop loop, UringConnection conn) {
        super(loop, conn.fd());
        this.conn = conn;
    }

    @Override
    void start(Operation op) throws IOException {
        FaultInjector.check(loop.faults, FaultPoint.WRITE, "send");
        issue(op.buffers());
    }

    private void issue(ByteBuffer[] srcs) {
        int fd = owner.fd;
        int flags = LibC.MSG_NOSIGNAL;
        if (Buffers.withRemaining(srcs) == 1 && Buffers.first(srcs).isDirect()) {
            ByteBuffer s = Buffers.first(srcs);
            int at = entry();
            loop.sqe.buffer(at, Sqe.OP_SEND, fd, Sockets.address(s) + s.position(), s.remaining(), flags, userData);
        } else if (Buffers.allDirect(srcs)) {
            msg = new Memory(MSGHDR + 16L * srcs.length);
            msg.clear(MSGHDR);
            int n = Buffers.iovecs(srcs, msg, MSGHDR);
            msg.setLong(16, Pointer.nativeValue(msg) + MSGHDR); // msg_iov
            msg.setLong(24, n); // msg_iovlen
            int at = entry();
            loop.sqe.sendmsg(at, fd, Pointer.nativeValue(msg), flags, userData);
        } else {
            staged = loop.staging.take(Buffers.remaining(srcs));
            int n = Buffers.gather(srcs, staged);
            int at = entry();
            loop.sqe.buffer(at, Sqe.OP_SEND, fd, Sockets.address(staged), n, flags, userData);
        }
    }

    @Override
    void completed(int res) {
        Operation o = op;
        releaseResources(res);
        if (res >= 0) {
            ByteBuffer[] srcs = o.buffers();
            Buffers.advance(srcs, res);
            loop.access.addTransferred(o, res);
            if (Buffers.remaining(srcs) == 0) {
                loop.complete(o, CompletionStatus.OK);
                finished();
            } else if (stop != null) {
                fail(stop, 0, null); // stopped between two parts: the count says how far it got
            } else if (conn.resetSeen()) {
                fail(CompletionStatus.CONNECTION_RESET, 0, "the peer reset the connection");
            } else {
                continueWith(srcs);
            }
        } else {
            conn.sendEnded(this, res);
        }
    }

    private void continueWith(ByteBuffer[] srcs) {
        try {
            FaultInjector.check(loop.faults, FaultPoint.WRITE, "send");
        } catch (IOException e) {
            fail(CompletionStatus.FAILED, 0, AbstractProactor.describe(e));
            return;
        }
        issue(srcs);
    }

    @Override
    void releaseResources(int res) {
        if (staged != null) {
            loop.staging.giveBack(staged);
            staged = null;
        }
        if (msg != null) {
            msg.close();
            msg = null;
        }
    }

    @Override
    void finished() {
        super.finished();
        conn.sendFinished();
    }
}
