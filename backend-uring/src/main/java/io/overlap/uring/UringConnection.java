package io.overlap.uring;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractConnection;
import io.overlap.spi.Operation;
import io.overlap.uring.sys.Errno;
import io.overlap.uring.sys.ErrnoException;
import io.overlap.uring.sys.Sockets;
import java.net.InetSocketAddress;

/**
 * A connected socket (a raw fd) homed on one loop: its receive and send lanes, the op objects
 * that carry their heads (made on first use, then reused), and what the socket said so far
 * (end of stream, reset). Every mutable field is touched only on the loop's thread.
 */
final class UringConnection extends AbstractConnection implements UringHandle {
    private static final System.Logger LOG = System.getLogger(UringConnection.class.getName());

    final Loop loop;
    private final FdOwner fd;
    private final Lane recvs = new Lane();
    private final Lane sends = new Lane();
    private RecvOp recvOp;
    private PooledRecvOp pooledOp;
    private SendOp sendOp;
    /** The peer shut its output down: every receive from now on ends the stream. */
    boolean inputEnded;
    /** Some operation saw a reset: every one from now on is reset too. */
    boolean reset;
    private boolean shutdownPending;
    private boolean outputShut;

    UringConnection(UringProactor owner, int fd, InetSocketAddress local, InetSocketAddress remote, Loop loop) {
        super(owner, local, remote);
        this.loop = loop;
        this.fd = new FdOwner(loop, fd, this);
    }

    @Override
    public Loop loop() {
        return loop;
    }

    @Override
    public FdOwner fd() {
        return fd;
    }

    @Override
    public void takeIn(Operation op) {
        if (!fd.closing && !isOpen()) {
            close(); // a close on its way here: this operation overtook it
        }
        if (fd.closing) {
            loop.fail(op, CompletionStatus.CLOSED, 0, "the connection was closed");
        } else if (reset) {
            loop.fail(op, CompletionStatus.CONNECTION_RESET, 0, "the peer reset the connection");
        } else if (op.kind() == OpKind.RECV) {
            recvs.add(op);
            kickRecvs();
        } else if (shutdownPending || outputShut) {
            loop.fail(op, CompletionStatus.CLOSED, 0, "the connection's output was shut down");
        } else {
            sends.add(op);
            kickSends();
        }
    }

    private void kickRecvs() {
        recvs.kick(loop, this);
    }

    @Override
    public UringOp opFor(Operation op) {
        if (reset) {
            loop.fail(op, CompletionStatus.CONNECTION_RESET, 0, "the peer reset the connection");
            return null;
        }
        if (op.kind() != OpKind.RECV) {
            if (sendOp == null) {
                sendOp = new SendOp(loop, this);
            }
            return sendOp;
        }
        if (inputEnded) {
            loop.complete(op, CompletionStatus.END_OF_STREAM);
            return null;
        }
        return op.pool() != null ? pooled() : plain();
    }

    private void kickSends() {
        sends.kick(loop, this);
        if (shutdownPending && sends.isEmpty() && !fd.closing) {
            shutdownPending = false;
            shutOutput();
        }
    }

    private RecvOp plain() {
        if (recvOp == null) {
            recvOp = new RecvOp(loop, this);
        }
        return recvOp;
    }

    private PooledRecvOp pooled() {
        if (pooledOp == null) {
            pooledOp = new PooledRecvOp(loop, this);
        }
        return pooledOp;
    }

    /** The head receive completed: the next one starts. */
    void recvFinished() {
        recvs.busy = null;
        kickRecvs();
    }

    /** The head send completed: the next one starts. */
    void sendFinished() {
        sends.busy = null;
        kickSends();
    }

    /** A receive's entry ended with nothing read: {@code res} is 0 (end of stream) or an errno. */
    void recvEnded(UringOp o, int res, String call) {
        if (o.stop != null && res == -Errno.ECANCELED) {
            o.fail(o.stop, 0, null);
        } else if (reset) {
            o.fail(CompletionStatus.CONNECTION_RESET, 0, "the peer reset the connection");
        } else if (res == 0) {
            inputEnded = true;
            Operation op = o.op;
            o.releaseResources(0);
            loop.complete(op, CompletionStatus.END_OF_STREAM);
            o.finished();
        } else {
            failWith(o, -res, call);
        }
    }

    /** A send's entry failed with {@code res}. */
    void sendEnded(UringOp o, int res) {
        if (o.stop != null && res == -Errno.ECANCELED) {
            o.fail(o.stop, 0, null);
        } else if (reset) {
            o.fail(CompletionStatus.CONNECTION_RESET, 0, "the peer reset the connection");
        } else {
            failWith(o, -res, "send");
        }
    }

    private void failWith(UringOp o, int errno, String call) {
        CompletionStatus status = UringErrors.status(errno);
        if (status == CompletionStatus.CONNECTION_RESET) {
            onReset(o);
        }
        o.fail(status, errno, UringErrors.message(call, errno));
    }

    /**
     * The socket reports a reset once; the other direction would then see an end of stream or
     * EPIPE. Everything on the connection is reset from now on, in flight too.
     */
    private void onReset(UringOp seenBy) {
        reset = true;
        recvs.failWaiting(loop, CompletionStatus.CONNECTION_RESET, "the peer reset the connection");
        sends.failWaiting(loop, CompletionStatus.CONNECTION_RESET, "the peer reset the connection");
        for (Lane l : new Lane[] {recvs, sends}) {
            if (l.busy != null && l.busy != seenBy) {
                l.busy.stop(CompletionStatus.CONNECTION_RESET);
            }
        }
    }

    @Override
    public void stop(Operation op, CompletionStatus status) {
        (op.kind() == OpKind.RECV ? recvs : sends).stop(loop, op, status);
    }

    void shutdownOutput() {
        if (fd.closing || outputShut) {
            return;
        }
        if (!sends.isEmpty()) {
            shutdownPending = true;
        } else {
            shutOutput();
        }
    }

    private void shutOutput() {
        outputShut = true;
        try {
            Sockets.shutdownOutput(fd.fd);
        } catch (ErrnoException e) {
            LOG.log(System.Logger.Level.DEBUG, "shutdownOutput on " + this, e);
        }
    }

    @Override
    public void close() {
        if (fd.closing) {
            return;
        }
        fd.closing = true;
        recvs.failWaiting(loop, CompletionStatus.CANCELLED, null);
        sends.failWaiting(loop, CompletionStatus.CANCELLED, null);
        recvs.stopBusy(CompletionStatus.CANCELLED);
        sends.stopBusy(CompletionStatus.CANCELLED);
        fd.releaseIfDone();
    }

    @Override
    public void abandon(String message) {
        fd.closing = true;
        recvs.abandon(loop, message);
        sends.abandon(loop, message);
    }
}
