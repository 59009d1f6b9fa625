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
 * <p>On unless the system property {@code io.overlap.uring.callerIo} is {@code false}; then every
 * operation goes through its loop as before.
 */
final class UringCallerIo extends CallerThreadIo<UringConnection> {
    /** The switch: {@code -Dio.overlap.uring.callerIo=false} turns caller-thread I/O off. */
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("io.overlap.uring.callerIo", "true"));
    /** It holds no state: every call names its connection. */
    static final UringCallerIo PATH = new UringCallerIo();

    private UringCallerIo() {
    }

    @Override
    protected boolean mayCall(UringConnection c, Operation op) {
        return Thread.currentThread() != c.loop.thread && !c.loop.isDead() && NowCalls.fits(op.buffers());
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
