package io.overlap.uring;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.overlap.CompletionStatus;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.Operation;
import io.overlap.uring.sys.Errno;
import io.overlap.uring.sys.SockAddr;
import io.overlap.uring.sys.Sockets;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A connect: a new socket given the connect's options and bound to its local address when one
 * is chosen, its peer's sockaddr in native memory until the completion, then a
 * connection homed on this loop. One object per connect (there is no handle to hang it on yet).
 */
final class ConnectOp extends UringOp {
    private Memory addr;
    private int fd = -1;
    private InetSocketAddress remote;

    ConnectOp(Loop loop) {
        super(loop, null);
    }

    @Override
    void start(Operation op) throws IOException {
        remote = op.remote();
        FaultInjector.check(loop.faults, FaultPoint.CONNECT, "connect");
        fd = Sockets.open(SockAddr.family(remote));
        UringOptions.applyAll(fd, op.connectOptions()); // before the bind, as SO_REUSEADDR needs
        InetSocketAddress local = op.connectLocal();
        if (local != null) {
            Sockets.bind(fd, local); // a failure (EADDRINUSE) fails the connect; releaseResources closes the fd
        }
        addr = SockAddr.block();
        int len = SockAddr.encode(addr, remote);
        loop.access.setState(op, this);
        loop.connects.add(this);
        int at = entry();
        loop.sqe.connect(at, fd, Pointer.nativeValue(addr), len, userData);
    }

    @Override
    void completed(int res) {
        Operation o = op;
        if (res == 0 && loop.makesConnections) {
            int f = fd;
            fd = -1; // the connection owns it from here
            releaseResources(Integer.MIN_VALUE);
            UringConnection c;
            try {
                c = loop.proactor.newConnection(f, loop, chosenLocal(o.connectLocal()), remote);
            } catch (IOException e) {
                Sockets.close(f);
                fail(CompletionStatus.FAILED, 0, e.getMessage());
                return;
            }
            loop.connected(o, c);
            finished();
        } else if (res == 0) {
            fail(CompletionStatus.CANCELLED, 0, null); // the proactor is closing: the socket goes
        } else if (stop != null && res == -Errno.ECANCELED) {
            fail(stop, 0, null);
        } else {
            fail(UringErrors.status(-res), -res, UringErrors.message("connect to " + remote, -res));
        }
    }

    /** @return the bound local address when it is fully chosen (no getsockname needed), else null */
    private static InetSocketAddress chosenLocal(InetSocketAddress local) {
        return local != null && local.getPort() != 0 && !local.getAddress().isAnyLocalAddress() ? local : null;
    }

    @Override
    void releaseResources(int res) {
        if (fd >= 0) {
            Sockets.close(fd);
            fd = -1;
        }
        if (addr != null) {
            addr.close();
            addr = null;
        }
        loop.connects.remove(this);
        if (op != null) {
            loop.access.setState(op, null);
        }
    }
}
