package io.overlap.uring;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.overlap.CompletionStatus;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.Operation;
import io.overlap.uring.sys.Errno;
import io.overlap.uring.sys.ErrnoException;
import io.overlap.uring.sys.LibC;
import io.overlap.uring.sys.SockAddr;
import io.overlap.uring.sys.Sockets;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * An accept on a listener: one single-shot IORING_OP_ACCEPT for the head of the listener's
 * accepts (re-armed for the next), the peer's sockaddr in native memory until the completion;
 * the new connection is homed on the next loop in turn.
 */
final class AcceptOp extends UringOp {
    private final UringListener listener;
    private Memory addr;

    AcceptOp(Loop loop, UringListener listener) {
        super(loop, listener.fd());
        this.listener = listener;
    }

    @Override
    void start(Operation op) throws IOException {
        FaultInjector.check(loop.faults, FaultPoint.ACCEPT, "accept");
        addr = SockAddr.block();
        addr.setInt(SockAddr.LEN_AT, SockAddr.SIZE);
        long a = Pointer.nativeValue(addr);
        int at = entry();
        loop.sqe.accept(at, owner.fd, a, a + SockAddr.LEN_AT, LibC.SOCK_CLOEXEC, userData);
    }

    @Override
    void completed(int res) {
        Operation o = op;
        if (res >= 0) {
            if (owner.closing || !loop.makesConnections) {
                Sockets.close(res);
                fail(CompletionStatus.CANCELLED, 0, null);
                return;
            }
            UringConnection c;
            try {
                loop.proactor.acceptedDefaults(res);
                InetSocketAddress remote = SockAddr.decode(addr);
                Loop home = loop.proactor.nextLoop();
                // a listener bound to one address accepts on that address: no getsockname
                InetSocketAddress local = listener.localAddress();
                c = loop.proactor.newConnection(res, home != null ? home : loop,
                        local.getAddress().isAnyLocalAddress() ? null : local, remote);
            } catch (IOException e) {
                Sockets.close(res);
                int errno = e instanceof ErrnoException ? ((ErrnoException) e).errno() : 0;
                fail(errno != 0 ? UringErrors.status(errno) : CompletionStatus.FAILED, errno, e.getMessage());
                return;
            }
            releaseResources(Integer.MIN_VALUE);
            loop.connected(o, c);
            finished();
        } else if (stop != null && res == -Errno.ECANCELED) {
            fail(stop, 0, null);
        } else {
            // e.g. EMFILE: this accept fails, the listener stays
            fail(res == -Errno.ECANCELED ? CompletionStatus.CANCELLED : CompletionStatus.FAILED, -res,
                    UringErrors.message("accept", -res));
        }
    }

    @Override
    void releaseResources(int res) {
        if (addr != null) {
            addr.close();
            addr = null;
        }
        if (res >= 0 && res != Integer.MIN_VALUE) {
            Sockets.close(res); // a connection the kernel made for an accept that ends otherwise
        }
    }

    @Override
    void finished() {
        super.finished();
        listener.acceptEnded();
    }
}
