package io.overlap.uring;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.LanedConnection;
import io.overlap.spi.Operation;
import io.overlap.uring.sys.Errno;
import io.overlap.uring.sys.ErrnoException;
import io.overlap.uring.sys.Sockets;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A connected socket (a raw fd) homed on one loop: its receive and send lanes, the op objects
 * that carry their heads (made on first use, then reused), and what the socket said so far
 * (end of stream, reset). Every mutable field here is touched only on the loop's thread; what
 * submitting threads share with it, who may do a direction's I/O (caller-thread I/O,
 * {@link UringCallerIo}), is {@link LanedConnection}'s. While a submitting thread owns a
 * direction the loop starts nothing of it; what that thread hands off goes to the head of the
 * lane before the lane is next started ({@link #adopt}).
 */
final class UringConnection extends LanedConnection implements UringHandle {
    private static final System.Logger LOG = System.getLogger(UringConnection.class.getName());

    final Loop loop;
    private final FdOwner fd;
    private final Lane recvs = new Lane();
    private final Lane sends = new Lane();
    private static final OpKind[] DIRECTIONS = {OpKind.RECV, OpKind.SEND};
    private RecvOp recvOp;
    private PooledRecvOp pooledOp;
    private SendOp sendOp;
    /** The peer shut its output down: every receive from now on ends the stream. */
    boolean inputEnded;
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
        if (!callerOwns(op.kind())) {
            adopt(op.kind()); // a hand-off goes first, and what it saw (a reset) counts for this one
        }
        if (fd.closing) {
            loop.fail(op, CompletionStatus.CLOSED, 0, "the connection was closed");
        } else if (resetSeen()) {
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
        if (!callerOwns(OpKind.RECV)) { // its owner hands the lane back when it lets go
            adopt(OpKind.RECV);
            recvs.kick(loop, this);
        }
    }

    /**
     * Takes what a submitting thread handed off to the head of its lane (it was submitted before
     * everything there), or ends it when the connection's state says how it ends.
     */
    private void adopt(OpKind kind) {
        Operation op = takeHandoff(kind);
        if (op == null) {
            return;
        }
        Object reason = adoptReason(op);
        if (fd.closing) {
            loop.complete(op, CompletionStatus.CANCELLED); // closed while its caller held it
        } else if (op.isCancelRequested()) {
            loop.complete(op, CompletionStatus.CANCELLED); // its cancel found it in no lane
        } else if (resetSeen()) {
            loop.fail(op, CompletionStatus.CONNECTION_RESET, 0, "the peer reset the connection");
        } else if (reason instanceof ErrnoException e) {
            CompletionStatus status = UringErrors.status(e.errno());
            if (status == CompletionStatus.CONNECTION_RESET) {
                onReset(null);
            }
            loop.fail(op, status, e.errno(), e.getMessage());
        } else if (reason instanceof IOException e) {
            loop.fail(op, CompletionStatus.FAILED, 0, AbstractProactor.describe(e)); // as a start that threw
        } else if (!loop.refusedAtRegister(op)) {
            (kind == OpKind.RECV ? recvs : sends).addFirst(op);
            loop.deadlines.arm(op); // a timeout runs from when the loop has it
        }
    }

    /**
     * A submitting thread let go of a lane with operations behind it, or handed one off: both
     * directions are served again.
     */
    @Override
    protected void resume() {
        if (!fd.closing && !isOpen()) {
            close(); // a close on its way here
        }
        kickRecvs(); // on a closed connection these only end what was handed off
        kickSends();
    }

    /** Completes what submitting threads handed off and no loop took (a dead or stopped loop); any thread. */
    void failHandoffs(CompletionStatus status, String message, CompletionBatch batch) {
        for (OpKind kind : DIRECTIONS) {
            Operation op = takeHandoff(kind);
            if (op != null) {
                adoptReason(op); // not served: only its ticket matters
                loop.proactor.failed(op, status, 0, message, batch);
            }
        }
    }

    @Override
    public UringOp opFor(Operation op) {
        if (resetSeen()) {
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
        if (callerOwns(OpKind.SEND)) {
            return; // its owner hands the lane back when it lets go
        }
        adopt(OpKind.SEND);
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
        } else if (resetSeen()) {
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
        } else if (resetSeen()) {
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
     *
     * @param seenBy the op object whose entry saw it, or null (a submitting thread's call)
     */
    private void onReset(UringOp seenBy) {
        markReset();
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
        if (callerOwns(OpKind.SEND)) {
            loop.post(new LoopTask(LoopTask.SHUTDOWN_OUTPUT, this)); // after that thread's send, which may be partial
        } else if (!sends.isEmpty()) {
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
        for (OpKind kind : DIRECTIONS) {
            if (!callerOwns(kind)) {
                adopt(kind); // a hand-off was submitted before what waits: it ends first
            }
        }
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
