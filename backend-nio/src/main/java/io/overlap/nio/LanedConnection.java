package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractConnection;
import io.overlap.spi.CompletionBatch;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;

/**
 * What of a connection its submitting threads share with its loop (caller-thread I/O,
 * {@link CallerIo}): the two {@link Lane}s, whether a reset was seen, and the loop's side of a
 * hand-back, which puts what a submitting thread gave up at the head of its FIFO. The FIFOs and
 * the I/O the loop does are {@link NioConnection}'s, touched only on the loop's thread.
 */
abstract class LanedConnection extends AbstractConnection implements LoopHandle {
    private static final VarHandle RESUME_QUEUED;

    static {
        try {
            RESUME_QUEUED = MethodHandles.lookup().findVarHandle(LanedConnection.class, "resumeQueued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final EventLoop loop;
    /** Who does each direction's I/O: the loop, or for a moment a submitting thread (see {@link Lane}). */
    final Lane recvLane = new Lane();
    final Lane sendLane = new Lane();
    /** A reset was seen by some operation: every receive and send from now on is reset too (read by submitters). */
    volatile boolean reset;
    /** Handed back and not yet taken by the loop ({@link HandBacks}): at most once in its stack. */
    @SuppressWarnings("unused") // accessed through RESUME_QUEUED
    private volatile boolean resumeQueued;
    /** The next connection in the loop's stack of hand-backs; written before the push that publishes it. */
    LanedConnection resumeNext;
    /** Its neighbours in the loop's {@link HandleList}, guarded by that list's lock. */
    LanedConnection prevHandle;
    LanedConnection nextHandle;

    LanedConnection(NioProactor owner, InetSocketAddress local, InetSocketAddress remote, EventLoop loop) {
        super(owner, local, remote);
        this.loop = loop;
    }

    @Override
    public final EventLoop loop() {
        return loop;
    }

    final Lane lane(OpKind kind) {
        return kind == OpKind.RECV ? recvLane : sendLane;
    }

    /** @return true once a reset was seen: a submitter leaves the operation to the loop, which reports it */
    final boolean resetSeen() {
        return reset;
    }

    /** @return true if this call put the connection in its loop's hand-backs (it was not there) */
    final boolean markResumeQueued() {
        return RESUME_QUEUED.compareAndSet(this, false, true);
    }

    /** The loop took the connection out of its hand-backs: a later hand-back puts it there again. */
    final void clearResumeQueued() {
        resumeQueued = false;
    }

    /** @return true once the loop has closed the connection */
    abstract boolean closedOnLoop();

    /** @return the loop's FIFO of {@code kind}, made if need be */
    abstract OpQueue fifo(OpKind kind);

    /** An I/O call of {@code direction} failed (see {@link NioConnection}). */
    abstract void failed(IOException e, OpQueue direction);

    /**
     * Takes back what a submitting thread handed over and serves both directions again; posted
     * by that thread (see {@link Lane}).
     */
    final void resume() {
        if (!closedOnLoop() && !isOpen()) {
            close(CompletionStatus.CANCELLED, null);
        }
        if (closedOnLoop()) {
            failHandoffs(CompletionStatus.CLOSED, "the connection was closed", loop.results.batch);
            return;
        }
        boolean readNow = adopt(OpKind.RECV);
        boolean writeNow = adopt(OpKind.SEND);
        onReady((readNow ? SelectionKey.OP_READ : 0) | (writeNow ? SelectionKey.OP_WRITE : 0));
    }

    /**
     * Puts a handed-off operation at the head of its FIFO: it was submitted before all there.
     *
     * @return true if the direction should be tried at once: what queued behind a caller was
     *     never tried; a hand-off because the channel was not ready waits for readiness
     */
    final boolean adopt(OpKind kind) {
        Lane lane = lane(kind);
        if (!lane.hasHandoff()) {
            return true;
        }
        OpQueue q = fifo(kind);
        Object reason = lane.adopt(loop, q, reset);
        if (reason instanceof IOException e) {
            failed(e, q);
        }
        return reason == Lane.AGAIN;
    }

    /** Completes what submitting threads handed over and no loop took (a close, a dead loop); any thread. */
    final void failHandoffs(CompletionStatus status, String message, CompletionBatch batch) {
        recvLane.failHandoff(loop.proactor, status, message, batch);
        sendLane.failHandoff(loop.proactor, status, message, batch);
    }
}
