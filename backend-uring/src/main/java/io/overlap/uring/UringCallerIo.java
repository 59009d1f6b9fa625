package io.overlap.uring;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CallerThreadIo;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.LanedConnection;
import io.overlap.spi.Operation;
import java.io.IOException;

/**
 * Caller-thread I/O on io_uring ({@link CallerThreadIo}): a receive or send submitted by a
 * thread that is not its connection's loop makes one non-blocking call on that thread
 * ({@link NowCalls}) when its direction has no owner, so that a send into a socket with room, or
 * a receive of data already in, costs no hand-off to the loop, no wake-up of its ring and no
 * entry. Only when the socket is not ready (or a send is partial) does the operation go to the
 * loop, which then writes its entry. Who may do a direction's I/O, and how it goes back to the
 * loop, is the ownership rule of {@link LanedConnection}; the loop's side of it is
 * {@link UringConnection}'s.
 *
 * <p>A submitting thread makes the call only when that saves more than it costs: while the
 * loop is asleep and serves few connections ({@link #mayCall}); else the loop's batching is the
 * cheaper path. On unless the system property {@code io.overlap.uring.callerIo}, or the
 * proactor's backend option of that name, is {@code false}; then every operation goes through
 * its loop as before.
 */
final class UringCallerIo extends CallerThreadIo<UringConnection> {
    /** The switch's name, as a system property or a proactor's backend option. */
    static final String PROPERTY = "io.overlap.uring.callerIo";
    /** The switch: {@code -Dio.overlap.uring.callerIo=false} turns caller-thread I/O off. */
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
    /** The most listeners and connections a loop may serve for a submitting thread to make its call itself. */
    static final int FEW_HANDLES = 8;
    /** It holds no state: every call names its connection. */
    static final UringCallerIo PATH = new UringCallerIo();

    private UringCallerIo() {
    }

    /**
     * Only while the loop is asleep and serves few connections: then a hand-off costs a wake-up
     * of its own (an eventfd write, and the loop's return from its wait) for this one operation,
     * which the call on this thread saves (JMH, a loopback pair: 6.8 against 24 µs per
     * operation). A loop serving many connections makes its turns for them anyway and writes
     * this operation's entry with theirs, all submitted by one io_uring_enter, so a busy server
     * pays no system call per operation, where a call here costs one per operation on each
     * worker thread and leaves the loop's batching unused (rr100, 100 connections: a
     * queue-mode echo server lost 12% of its round trips with one consumer thread and 30% with
     * four when every operation was tried here; `BENCHMARKS.md`).
     */
    @Override
    protected boolean mayCall(UringConnection c, Operation op) {
        Loop loop = c.loop;
        return Thread.currentThread() != loop.thread && loop.mayBeAsleep() && loop.handles.size() <= FEW_HANDLES
                && !loop.isDead() && NowCalls.fits(op.buffers());
    }

    @Override
    protected void viaIoThread(UringConnection c, Operation op) {
        Loop loop = c.loop;
        if (Thread.currentThread() == loop.thread) {
            loop.tickets.ticket(c, op.kind()); // may take over one a completion of this turn holds
        } else {
            c.ticket(op.kind());
        }
        LanedConnection.holdsTicket(op);
        loop.submit(op);
    }

    @Override
    protected long call(UringConnection c, Operation op) throws IOException {
        boolean recv = op.kind() == OpKind.RECV;
        FaultInjector.check(c.loop.faults, recv ? FaultPoint.READ : FaultPoint.WRITE, recv ? "recv" : "send");
        long n = recv ? NowCalls.recv(c.fd(), op.buffers()) : NowCalls.send(c.fd(), op.buffers());
        // the end of the stream, or an fd a close took first: the loop reports them as its own
        return n == NowCalls.END || n == NowCalls.GONE ? AGAIN : n;
    }

    @Override
    protected void completeOk(Operation op) {
        ((UringConnection) op.target()).loop.proactor.done(op, CompletionStatus.OK, null);
    }

    @Override
    protected void failNow(Operation op, Throwable e) {
        ((UringConnection) op.target()).loop.proactor.failed(op, CompletionStatus.FAILED, 0,
                AbstractProactor.describe(e), null);
    }

    @Override
    protected void handBack(UringConnection c) {
        c.loop.resume(c);
    }
}
