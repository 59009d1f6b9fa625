package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.AbstractListener;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A listening channel, its FIFO of pending accepts ({@link OpRing}) and their I/O, owned by one loop. */
final class NioListener extends AbstractListener implements LoopHandle, OpStep {
    final ServerSocketChannel channel;
    final EventLoop loop;

    // loop thread only
    /** The tail of the FIFO of accepts; null when empty. */
    private Operation acceptTail;
    private SelectionKey key;
    private boolean closedOnLoop;

    NioListener(NioProactor owner, ServerSocketChannel channel, InetSocketAddress local, EventLoop loop) {
        super(owner, local);
        this.channel = channel;
        this.loop = loop;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public void takeIn(Operation op) {
        if (!closedOnLoop && (!isOpen() || !loop.makesConnections())) {
            close(CompletionStatus.CANCELLED, null); // a close on its way here overtook this accept
        }
        if (closedOnLoop) {
            loop.results.fail(op, CompletionStatus.CLOSED, "the listener was closed");
            return;
        }
        boolean first = acceptTail == null;
        acceptTail = OpRing.add(loop.access, acceptTail, op);
        if (first) {
            onAcceptable();
        }
    }

    @Override
    public boolean remove(Operation op) {
        if (!OpRing.contains(loop.access, acceptTail, op)) {
            return false;
        }
        acceptTail = OpRing.remove(loop.access, acceptTail, op);
        updateInterest();
        return true;
    }

    @Override
    public void onReady(int readyOps) {
        if (isOpen()) {
            onAcceptable();
        } else {
            close(CompletionStatus.CANCELLED, null);
        }
    }

    private void onAcceptable() {
        loop.drive(this, OpKind.ACCEPT, Integer.MAX_VALUE);
        updateInterest();
    }

    @Override
    public Operation head(OpKind kind) {
        return OpRing.head(loop.access, acceptTail);
    }

    /** One accept for the head operation; @return true if the next may accept at once. */
    @Override
    public boolean attempt(Operation op) {
        SocketChannel ch;
        try {
            FaultInjector.check(loop.faults, FaultPoint.ACCEPT, "accept");
            ch = channel.accept();
        } catch (IOException e) {
            // e.g. out of file descriptors: fail one accept rather than spin on the backlog
            pollHead();
            loop.results.fail(op, e);
            return false;
        }
        if (ch == null) {
            return false;
        }
        EventLoop home = loop.proactor.nextLoop();
        NioConnection c;
        try {
            loop.proactor.acceptedDefaults(ch);
            c = loop.proactor.newConnection(ch, home != null ? home : loop);
        } catch (IOException | RuntimeException e) {
            EventLoop.closeQuietly(ch);
            pollHead();
            loop.results.fail(op, e);
            return true;
        }
        pollHead(); // only now: until it completes, a death finds it in the FIFO
        loop.results.connected(op, c);
        return true;
    }

    private void updateInterest() {
        if (closedOnLoop) {
            return;
        }
        int want = acceptTail == null ? 0 : SelectionKey.OP_ACCEPT;
        try {
            key = loop.selector.watch(key, channel, want, this);
        } catch (IOException e) {
            breakDown(e); // the channel can no longer be watched
        } catch (RuntimeException e) {
            // a bug in watching it, not a broken socket: the accepts that needed the watch fail,
            // the listener stays open and the next accept registers again
            failAll(CompletionStatus.FAILED, AbstractProactor.describe(e));
        }
    }

    @Override
    public void close(CompletionStatus status, String message) {
        if (closedOnLoop) {
            return;
        }
        closedOnLoop = true;
        failAll(status, message);
        release();
    }

    @Override
    public void quiesce() {
        close(CompletionStatus.CANCELLED, null);
    }

    @Override
    public void release() {
        loop.release(this, key, channel);
    }

    private void failAll(CompletionStatus status, String message) {
        for (Operation o = pollHead(); o != null; o = pollHead()) {
            loop.results.fail(o, status, message);
        }
    }

    /** @return the head accept, taken out of the FIFO; or null when it is empty */
    private Operation pollHead() {
        Operation head = OpRing.head(loop.access, acceptTail);
        if (head != null) {
            acceptTail = OpRing.removeHead(loop.access, acceptTail);
        }
        return head;
    }
}
