package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CallerThreadIo;
import io.overlap.spi.LanedConnection;
import io.overlap.spi.Operation;
import java.io.IOException;

/**
 * Caller-thread I/O on nio ({@link CallerThreadIo}): the submitting thread makes the channel's
 * non-blocking read or write itself when the direction has no owner; who may do a direction's
 * I/O, and how it goes back to the loop, is the ownership rule of {@link LanedConnection}.
 *
 * <p>On unless the system property {@code io.overlap.nio.callerIo} is {@code false}; then every
 * operation goes through its loop's inbox as before.
 */
final class CallerIo extends CallerThreadIo<NioConnection> {
    /** The switch: {@code -Dio.overlap.nio.callerIo=false} turns caller-thread I/O off. */
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("io.overlap.nio.callerIo", "true"));
    /** It holds no state: every call names its connection. */
    static final CallerIo PATH = new CallerIo();

    private CallerIo() {
    }

    @Override
    protected boolean mayCall(NioConnection c, Operation op) {
        return Thread.currentThread() != c.loop.thread && !c.loop.isDead();
    }

    @Override
    protected void viaIoThread(NioConnection c, Operation op) {
        EventLoop loop = c.loop;
        if (Thread.currentThread() == loop.thread) {
            loop.results.ticket(c, op.kind()); // may take over one a completion of this turn holds
        } else {
            c.ticket(op.kind());
        }
        LanedConnection.holdsTicket(op);
        loop.submit(op);
    }

    @Override
    protected long call(NioConnection c, Operation op) throws IOException {
        return op.kind() == OpKind.RECV
                ? ChannelIo.read(c.channel, op.buffers(), c.loop.faults)
                : ChannelIo.write(c.channel, op.buffers(), c.loop.faults);
    }

    @Override
    protected void completeOk(Operation op) {
        ((NioConnection) op.target()).loop.proactor.done(op, CompletionStatus.OK, null);
    }

    @Override
    protected void failNow(Operation op, Throwable e) {
        ((NioConnection) op.target()).loop.proactor.failed(op, CompletionStatus.FAILED, AbstractProactor.describe(e), null);
    }

    @Override
    protected void handBack(NioConnection c) {
        c.loop.resume(c);
    }

    /**
     * A receive that found no data, while its connection's read interest is armed, goes back
     * without waking the loop: the data's readiness does that (one wake-up per request and
     * answer fewer, where the loop sleeps between them).
     */
    @Override
    protected void handedOff(NioConnection c, Operation op, Object reason) {
        if (c.mayHandOffQuietly(op, reason)) {
            c.loop.resumeQuietly(c);
        } else {
            handBack(c);
        }
    }
}
