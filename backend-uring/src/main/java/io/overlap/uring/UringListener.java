package io.overlap.uring;

import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractListener;
import io.overlap.spi.Operation;
import java.net.InetSocketAddress;

/** A listening socket (a raw fd) homed on one loop, and its lane of accepts. Loop thread only. */
final class UringListener extends AbstractListener implements UringHandle {
    final Loop loop;
    private final FdOwner fd;
    private final Lane accepts = new Lane();
    private final AcceptOp acceptOp;

    UringListener(UringProactor owner, int fd, InetSocketAddress local, Loop loop) {
        super(owner, local);
        this.loop = loop;
        this.fd = new FdOwner(loop, fd, this);
        this.acceptOp = new AcceptOp(loop, this);
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
        if (!fd.closing && (!isOpen() || !loop.makesConnections)) {
            close(); // a close on its way here overtook this accept
        }
        if (fd.closing) {
            loop.fail(op, CompletionStatus.CLOSED, 0, "the listener was closed");
            return;
        }
        accepts.add(op);
        kick();
    }

    private void kick() {
        accepts.kick(loop, this);
    }

    @Override
    public UringOp opFor(Operation op) {
        return acceptOp;
    }

    /** The head accept completed: the next one starts. */
    void acceptEnded() {
        accepts.busy = null;
        kick();
    }

    @Override
    public void stop(Operation op, CompletionStatus status) {
        accepts.stop(loop, op, status);
    }

    @Override
    public void close() {
        if (fd.closing) {
            return;
        }
        fd.closing = true;
        accepts.failWaiting(loop, CompletionStatus.CANCELLED, null);
        accepts.stopBusy(CompletionStatus.CANCELLED);
        fd.releaseIfDone();
    }

    @Override
    public void abandon(String message) {
        fd.closing = true;
        accepts.abandon(loop, message);
    }
}
