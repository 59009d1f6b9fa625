package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.LanedConnection;
import io.overlap.spi.OpAccess;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Caller-thread I/O: a receive or send submitted by a thread that is not its connection's loop
 * makes its non-blocking call on that thread when its direction has no owner, as the JDK's
 * NIO.2 does, so that a send into a socket with room, or a receive of data already in, costs no
 * hand-off to the loop and no selector wake-up. Who may do a direction's I/O, and how it goes
 * back to the loop, is the ownership rule of {@link LanedConnection}.
 *
 * <p>On unless the system property {@code io.overlap.nio.callerIo} is {@code false}; then every
 * operation goes through its loop's inbox as before.
 */
final class CallerIo {
    /** The switch: {@code -Dio.overlap.nio.callerIo=false} turns caller-thread I/O off. */
    static final boolean ENABLED = Boolean.parseBoolean(System.getProperty("io.overlap.nio.callerIo", "true"));

    private CallerIo() {
    }

    /**
     * Starts a receive or send on {@code c}: on this thread when the lane is free, else through
     * the loop; any thread.
     */
    static void submit(NioConnection c, Operation op) {
        EventLoop loop = c.loop;
        OpKind kind = op.kind();
        // a pooled receive leases its buffer on the loop (idle connections pin nothing); after a
        // reset the loop reports it (the socket tells it once)
        boolean onLoop = Thread.currentThread() == loop.thread;
        if (!onLoop && op.pool() == null && !c.resetSeen() && !loop.isDead() && c.tryOwn(kind)) {
            attempt(c, op);
        } else {
            if (onLoop) {
                loop.results.ticket(c, kind); // may take over one a completion of this turn holds
            } else {
                c.ticket(kind);
            }
            LanedConnection.holdsTicket(op);
            loop.submit(op);
        }
    }

    /** One non-blocking call while owning the lane; then completes, or hands back to the loop. */
    private static void attempt(NioConnection c, Operation op) {
        EventLoop loop = c.loop;
        ByteBuffer[] bufs = op.buffers();
        boolean recv = op.kind() == OpKind.RECV;
        long n;
        try {
            n = recv ? ChannelIo.read(c.channel, bufs, loop.faults) : ChannelIo.write(c.channel, bufs, loop.faults);
        } catch (IOException e) {
            handOff(c, op, e); // the loop's error table and reset rule apply, as to its own calls
            return;
        } catch (RuntimeException | Error e) {
            // contained to this operation (issue 10): it fails, its connection goes on; an Error
            // here hit the submitting thread, not an I/O thread, so no loop has to die of it
            try {
                loop.proactor.failed(op, CompletionStatus.FAILED, AbstractProactor.describe(e), null);
            } finally {
                release(c, op);
            }
            return;
        }
        OpAccess access = loop.access;
        if (n > 0) {
            access.addTransferred(op, n);
        }
        boolean done = recv ? n > 0 : !ChannelIo.hasRemaining(bufs);
        if (!done) {
            // not ready (read 0, a partial write): the loop waits for readiness; the end of the
            // stream: the loop reads it again and ends every receive
            handOff(c, op, n < 0 ? LanedConnection.AGAIN : LanedConnection.NOT_READY);
            return;
        }
        try {
            loop.proactor.done(op, CompletionStatus.OK, null); // the core's path: the queue, or the handler via the loop
        } finally {
            release(c, op);
        }
    }

    private static void handOff(NioConnection c, Operation op, Object reason) {
        c.handOff(op, reason);
        c.loop.resume(c);
    }

    private static void release(NioConnection c, Operation op) {
        if (c.release(op.kind())) {
            c.loop.resume(c); // submitted behind this one meanwhile: the loop serves them now
        }
    }
}
