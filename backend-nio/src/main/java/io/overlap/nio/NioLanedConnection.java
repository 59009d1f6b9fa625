package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.LanedConnection;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;

/**
 * The loop's side of a connection's lanes ({@link LanedConnection}: who may do a direction's
 * I/O, its loop or for a moment a thread that submits on it, {@link CallerIo}): taking back
 * what a submitting thread handed over, to the head of its FIFO. The FIFOs and the I/O the loop
 * does are {@link NioConnection}'s, touched only on the loop's thread.
 *
 * <p>An operation the loop thread submits may take over the ticket a completion of the same
 * turn still holds ({@link LoopResults#ticket}): the count then stays above zero until the
 * later one's flush.
 */
abstract class NioLanedConnection extends LanedConnection implements LoopHandle {
    final EventLoop loop;
    /** Its neighbours in the loop's {@link HandleList}, guarded by that list's lock. */
    NioLanedConnection prevHandle;
    NioLanedConnection nextHandle;

    NioLanedConnection(NioProactor owner, InetSocketAddress local, InetSocketAddress remote, EventLoop loop) {
        super(owner, local, remote);
        this.loop = loop;
    }

    @Override
    public final EventLoop loop() {
        return loop;
    }

    // ---- the loop's side ----

    /** @return true once the loop has closed the connection */
    abstract boolean closedOnLoop();

    /** Puts {@code op} at the head of the loop's FIFO of {@code kind}. */
    abstract void pushFirst(OpKind kind, Operation op);

    /** An I/O call of {@code direction} failed (see {@link NioConnection}). */
    abstract void failed(IOException e, OpKind direction);

    /**
     * Takes back what a submitting thread handed over and serves both directions again; posted
     * by that thread (see the ownership rule of {@link LanedConnection}).
     */
    @Override
    protected final void resume() {
        if (!closedOnLoop() && !isOpen()) {
            close(CompletionStatus.CANCELLED, null);
        }
        if (closedOnLoop()) {
            failHandoffs(CompletionStatus.CLOSED, "the connection was closed", loop.results.batch);
            return;
        }
        boolean readNow = adopt(OpKind.RECV);
        boolean writeNow = adopt(OpKind.SEND);
        serveHandBack((readNow ? SelectionKey.OP_READ : 0) | (writeNow ? SelectionKey.OP_WRITE : 0));
    }

    /** Tries the directions in {@code tryOps} after a hand-back, as a readiness would, but it is none. */
    abstract void serveHandBack(int tryOps);

    /**
     * Loop thread: puts a handed-off operation at the head of its FIFO (it was submitted before
     * all there), or ends it if it was cancelled or the connection reset.
     *
     * @return true if the direction should be tried at once: what queued behind a caller was
     *     never tried; a hand-off because the channel was not ready waits for readiness
     */
    final boolean adopt(OpKind kind) {
        Operation op = takeHandoff(kind);
        if (op == null) {
            return true;
        }
        Object reason = adoptReason(op);
        if (op.isCancelRequested()) {
            loop.results.complete(op, CompletionStatus.CANCELLED); // its cancel found it in no FIFO
            return false;
        }
        if (resetSeen()) {
            loop.results.fail(op, CompletionStatus.CONNECTION_RESET, "the peer reset the connection");
            return false;
        }
        pushFirst(kind, op);
        loop.timers.arm(op);
        if (reason instanceof IOException e) {
            failed(e, kind);
        }
        return reason == AGAIN;
    }

    /** Completes what submitting threads handed over and no loop took (a close, a dead loop); any thread. */
    final void failHandoffs(CompletionStatus status, String message, CompletionBatch batch) {
        failHandoff(OpKind.RECV, status, message, batch);
        failHandoff(OpKind.SEND, status, message, batch);
    }

    private void failHandoff(OpKind kind, CompletionStatus status, String message, CompletionBatch batch) {
        Operation op = takeHandoff(kind);
        if (op != null) {
            adoptReason(op); // not served: only its ticket matters
            loop.proactor.failed(op, status, message, batch);
        }
    }
}
