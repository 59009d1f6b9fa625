package io.overlap.nio;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractProactor;
import io.overlap.OpKind;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A connected channel, its receive and send FIFOs and their I/O, owned by one loop; every
 * mutable field here is touched only on that loop's thread (what submitting threads share with
 * it is {@link NioLanedConnection}'s). An operation is tried at once when it reaches the head of its FIFO
 * (or on its submitting thread, when its lane lets it: {@link CallerIo}); only when the channel
 * is not ready does the connection ask its loop for readiness. The FIFOs are two fields
 * ({@link OpRing}), so an idle connection is this object and its pending operation.
 */
final class NioConnection extends NioLanedConnection implements OpStep {
    /** Reads one connection may do per readiness, so a hot connection cannot starve the others. */
    static final int READS_PER_TURN = 16;

    final SocketChannel channel;

    // loop thread only
    /** The tails of the receive and send FIFOs ({@link OpRing}); null when empty. */
    private Operation recvTail;
    private Operation sendTail;
    /** Null until an operation first asks for readiness; its interest set is the one record of what is watched. */
    private SelectionKey key;
    /** The peer shut down its output: every receive from now on ends the stream. */
    private boolean inputEnded;
    /** Shut the output down once the send queue is empty. */
    private boolean shutdownPending;
    /** The output has been shut down. */
    private boolean outputShut;
    private boolean closedOnLoop;
    /** The last read filled its buffer, so a new receive should try at once. */
    private boolean maybeMoreData = true;
    /** Inside {@link #onReadable} / {@link #onWritable}: a receive / send submitted now joins that loop. */
    private boolean reading;
    private boolean writing;
    /**
     * Read interest is armed and stays so while a receive waits in the hand-off slot: a
     * submitting thread whose receive found no data may then leave the loop asleep
     * ({@link #mayHandOffQuietly}); the readiness wakes the loop, which takes the receive then.
     * Written by the loop, read by submitting threads.
     */
    private volatile boolean readWatched;

    NioConnection(NioProactor owner, SocketChannel channel, InetSocketAddress local, InetSocketAddress remote,
            EventLoop loop) {
        super(owner, local, remote, loop);
        this.channel = channel;
    }

    /** Takes over the key a connect was registered with (no interest until an operation asks). */
    void adopt(SelectionKey connectKey) throws IOException {
        loop.selector.setInterest(connectKey, 0);
        connectKey.attach(this);
        key = connectKey;
    }

    // ---- taking operations in ----

    @Override
    boolean closedOnLoop() {
        return closedOnLoop;
    }

    @Override
    void pushFirst(OpKind kind, Operation op) {
        setTail(kind, OpRing.addFirst(loop.access, tail(kind), op));
    }

    @Override
    public void takeIn(Operation op) {
        if (!closedOnLoop && !isOpen()) {
            close(CompletionStatus.CANCELLED, null); // a close on its way here: it overtook this operation
        }
        if (op.kind() == OpKind.RECV) {
            takeInRecv(op);
        } else {
            takeInSend(op);
        }
    }

    private void takeInRecv(Operation op) {
        if (!closedOnLoop) {
            adopt(OpKind.RECV); // a hand-off goes first, and what it saw (a reset) counts for this one
        }
        if (closedOnLoop) {
            loop.results.fail(op, CompletionStatus.CLOSED, "the connection was closed");
        } else if (resetSeen()) {
            loop.results.fail(op, CompletionStatus.CONNECTION_RESET, "the peer reset the connection");
        } else if (inputEnded) {
            loop.results.complete(op, CompletionStatus.END_OF_STREAM);
        } else {
            boolean first = recvTail == null;
            recvTail = OpRing.add(loop.access, recvTail, op);
            if (first && !reading) {
                // try at once only when the last read filled its buffer (more is likely waiting);
                // otherwise the read would find nothing and cost a system call per receive
                if (maybeMoreData && op.pool() == null) {
                    onReadable();
                }
                updateInterest();
            }
        }
    }

    private void takeInSend(Operation op) {
        if (!closedOnLoop) {
            adopt(OpKind.SEND);
        }
        if (closedOnLoop) {
            loop.results.fail(op, CompletionStatus.CLOSED, "the connection was closed");
        } else if (resetSeen()) {
            loop.results.fail(op, CompletionStatus.CONNECTION_RESET, "the peer reset the connection");
        } else if (shutdownPending || outputShut) {
            loop.results.fail(op, CompletionStatus.CLOSED, "the connection's output was shut down");
        } else {
            boolean first = sendTail == null;
            sendTail = OpRing.add(loop.access, sendTail, op);
            if (first && !writing) {
                onWritable();
                if (!reading) {
                    updateInterest(); // else onReady does once the reads are done
                }
            }
        }
    }

    @Override
    public boolean remove(Operation op) {
        OpKind kind = op.kind();
        if (!OpRing.contains(loop.access, tail(kind), op)) {
            return false;
        }
        setTail(kind, OpRing.remove(loop.access, tail(kind), op));
        updateInterest();
        return true;
    }

    // ---- readiness ----

    @Override
    public void onReady(int readyOps) {
        serve(readyOps, true);
    }

    /** Serves a hand-back ({@link #resume}): tries the directions as if ready, but no unused try drops the read interest. */
    @Override
    void serveHandBack(int tryOps) {
        serve(tryOps, false);
    }

    /** @param readiness the selector reported {@code readyOps}: a read readiness nothing used may drop the interest */
    private void serve(int readyOps, boolean readiness) {
        if (!isOpen()) {
            close(CompletionStatus.CANCELLED, null); // see takeIn
            return;
        }
        boolean readUnused = false; // a read readiness with no receive to serve it
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            if ((recvTail != null || hasHandoff(OpKind.RECV)) && !callerOwns(OpKind.RECV)) {
                onReadable();
            } else {
                readUnused = readiness;
            }
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && !closedOnLoop) {
            onWritable();
        }
        updateInterest(readUnused);
    }

    private void onReadable() {
        if (callerOwns(OpKind.RECV)) {
            return;
        }
        adoptFirst(OpKind.RECV);
        if (recvTail == null) {
            return;
        }
        reading = true;
        try {
            loop.drive(this, OpKind.RECV, READS_PER_TURN);
        } finally {
            reading = false;
        }
    }

    @Override
    public Operation head(OpKind kind) {
        return OpRing.head(loop.access, tail(kind));
    }

    @Override
    public boolean attempt(Operation head) {
        return head.kind() == OpKind.RECV ? read(head) : write(head);
    }

    /** One read for the head receive; @return true if the next receive may read at once. */
    private boolean read(Operation op) {
        ByteBuffer[] dsts = op.buffers();
        BufferPool pool = op.pool();
        BufferLease lease = null;
        long room;
        long n;
        try {
            if (pool != null) {
                // leased only now that data is (probably) here: idle connections pin nothing
                lease = PooledRecv.lease(this, op, pool);
                if (lease == null) {
                    return true;
                }
                room = lease.buffer().remaining();
                n = ChannelIo.read(channel, lease.buffer(), loop.faults);
            } else {
                room = dsts.length == 1 ? dsts[0].remaining() : ChannelIo.remaining(dsts);
                n = ChannelIo.read(channel, dsts, loop.faults);
            }
        } catch (IOException e) {
            PooledRecv.release(lease);
            failed(e, OpKind.RECV);
            return false;
        } catch (RuntimeException e) {
            PooledRecv.release(lease);
            throw e;
        }
        if (n > 0) {
            recvTail = OpRing.removeHead(loop.access, recvTail);
            if (lease != null) {
                lease.buffer().flip();
                loop.access.setLease(op, lease);
            }
            loop.access.addTransferred(op, n);
            maybeMoreData = n == room;
            loop.results.complete(op, CompletionStatus.OK);
            return n == room; // else the socket is drained: the next receive waits for readiness
        }
        PooledRecv.release(lease);
        if (n == 0) {
            maybeMoreData = false;
        } else {
            inputEnded = true;
            endAll(OpKind.RECV, CompletionStatus.END_OF_STREAM, null);
        }
        return false;
    }

    private void onWritable() {
        if (callerOwns(OpKind.SEND)) {
            return;
        }
        adoptFirst(OpKind.SEND);
        if (sendTail == null) {
            return;
        }
        writing = true;
        try {
            loop.drive(this, OpKind.SEND, Integer.MAX_VALUE); // a chain of handlers' sends ends with the turn's budget
            if (shutdownPending && sendTail == null && !closedOnLoop) {
                shutdownPending = false;
                shutOutput();
            }
        } finally {
            writing = false;
        }
    }

    /** One write for the head send; @return true if it completed and the next may write at once. */
    private boolean write(Operation op) {
        ByteBuffer[] srcs = op.buffers();
        long n;
        try {
            n = ChannelIo.write(channel, srcs, loop.faults);
        } catch (IOException e) {
            failed(e, OpKind.SEND);
            return false;
        }
        loop.access.addTransferred(op, n);
        if (ChannelIo.hasRemaining(srcs)) {
            return false; // the socket buffer is full: wait for OP_WRITE
        }
        sendTail = OpRing.removeHead(loop.access, sendTail);
        loop.results.complete(op, CompletionStatus.OK);
        return true;
    }

    /** An I/O call failed: its direction fails through the table; a reset fails both. */
    @Override
    void failed(IOException e, OpKind direction) {
        CompletionStatus status = NioErrors.statusOf(e);
        String message = AbstractProactor.describe(e);
        if (status == CompletionStatus.CONNECTION_RESET) {
            markReset(); // the socket reports a reset once (then reads see an end of stream)
            endAll(OpKind.RECV, status, message);
            endAll(OpKind.SEND, status, message);
        } else {
            endAll(direction, status, message);
        }
    }

    private void updateInterest() {
        updateInterest(false);
    }

    /** @param readUnused a read readiness came with no receive to serve it: read interest may go */
    private void updateInterest(boolean readUnused) {
        if (closedOnLoop) {
            return;
        }
        // a direction a submitting thread owns is not watched: it wakes the loop when it lets go
        int need = (recvTail != null && !callerOwns(OpKind.RECV) ? SelectionKey.OP_READ : 0)
                | (sendTail != null && !callerOwns(OpKind.SEND) ? SelectionKey.OP_WRITE : 0);
        // Read interest outlives the last receive until a readiness finds nothing to read into.
        // The next receive, which a worker thread submits a few microseconds after the last one
        // completed, then costs no epoll_ctl (a worker's round trip paid up to two: off when the
        // receive completed, on when the next one came back from its thread). The selector is
        // level-triggered, so data that came meanwhile is still reported; an unused readiness
        // costs one wake-up and drops the interest. What is watched now is the key's own
        // interest set, not a copy here: one field fewer per idle connection.
        try {
            int watched = key == null ? 0 : key.interestOps();
            int want = readUnused ? need : need | (watched & SelectionKey.OP_READ);
            if ((want & SelectionKey.OP_READ) == 0 && readWatched) {
                // cleared before the look at the slot, as a quiet hand-off writes its slot before
                // it looks at this: either that caller wakes the loop, or this sees its receive
                readWatched = false;
                if (hasHandoff(OpKind.RECV)) {
                    want |= SelectionKey.OP_READ;
                }
            }
            key = loop.selector.watch(key, channel, want, this);
            boolean read = (want & SelectionKey.OP_READ) != 0;
            if (readWatched != read) {
                readWatched = read; // a volatile store (a fence) only when it changes: not once per readiness
            }
        } catch (IOException | RuntimeException e) {
            breakDown(e); // the channel can no longer be watched
        }
    }

    /**
     * Caller-thread I/O ({@link CallerIo}): whether a receive without a timeout that its caller
     * just handed off because no data was there may go back to the loop without waking it. It
     * may while read interest is armed: the data's readiness wakes the loop, which takes the
     * receive first ({@link #onReady}); cancel and close wake the loop anyway. Any thread, after
     * the hand-off is written (see {@link #updateInterest(boolean)} for the other side).
     */
    boolean mayHandOffQuietly(Operation op, Object reason) {
        return reason == NOT_READY && op.kind() == OpKind.RECV && op.timeoutNanos() == 0 && readWatched;
    }

    /**
     * What a submitting thread handed off goes before everything queued after it (the ownership
     * rule of {@link io.overlap.spi.LanedConnection}): taken first whenever the loop is about to
     * do I/O of that direction, not only when the thread's hand-back is served, so a readiness
     * that comes in between cannot serve a later operation first.
     */
    private void adoptFirst(OpKind kind) {
        if (!closedOnLoop && hasHandoff(kind)) {
            adopt(kind);
        }
    }

    // ---- shutdown and close ----

    void shutdownOutput() {
        if (closedOnLoop || outputShut) {
            return;
        }
        if (callerOwns(OpKind.SEND)) {
            loop.post(new LoopTask(LoopTask.SHUTDOWN_OUTPUT, this)); // after that thread's send, which may be partial
        } else if (sendTail != null) {
            shutdownPending = true;
        } else {
            shutOutput();
        }
    }

    private void shutOutput() {
        outputShut = true;
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            System.getLogger(NioConnection.class.getName()).log(System.Logger.Level.DEBUG, "shutdownOutput on " + this, e);
        }
    }

    @Override
    public void close(CompletionStatus status, String message) {
        if (closedOnLoop) {
            return;
        }
        closedOnLoop = true;
        readWatched = false; // before failHandoffs looks at the slots: a caller then wakes the loop
        endAll(OpKind.RECV, status, message);
        endAll(OpKind.SEND, status, message);
        failHandoffs(status, message, loop.results.batch);
        release();
    }

    @Override
    public void quiesce() {
        // a connection stays open until phase two of the proactor's close
    }

    @Override
    public void release() {
        loop.release(this, key, channel);
    }

    // ---- helpers ----

    private void endAll(OpKind kind, CompletionStatus status, String message) {
        for (Operation o = pollHead(kind); o != null; o = pollHead(kind)) {
            loop.results.fail(o, status, message);
        }
    }

    /** Takes the head of the FIFO of {@code kind} out; @return it, or null when the FIFO is empty */
    Operation pollHead(OpKind kind) {
        Operation tail = tail(kind);
        if (tail == null) {
            return null;
        }
        Operation head = loop.access.next(tail);
        setTail(kind, OpRing.removeHead(loop.access, tail));
        return head;
    }

    private Operation tail(OpKind kind) {
        return kind == OpKind.RECV ? recvTail : sendTail;
    }

    private void setTail(OpKind kind, Operation tail) {
        if (kind == OpKind.RECV) {
            recvTail = tail;
        } else {
            sendTail = tail;
        }
    }
}
