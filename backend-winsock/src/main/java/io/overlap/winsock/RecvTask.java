package io.overlap.winsock;

import io.overlap.CompletionStatus;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.nio.ByteBuffer;

/** A receive into the caller's buffers: one {@code WSARecv}, heap buffers staged. */
class RecvTask extends OpTask {
    RecvTask(Engine io) {
        super(io);
    }

    @Override
    int start(Slot s) {
        return s.ref.start(s, s.ref.recvLane(), () -> {
            s.plan.planRecv(s.op.buffers(), io.staging);
            s.ioSocket = s.ref.socket();
            io.notifier.beforeStart(s);
            return ws.startRecv(s.ioSocket, s.block, s.event, s.plan.buffers(), s.plan.count());
        });
    }

    @Override
    void completed(Slot s, int err, long n, CompletionBatch batch) {
        finishRead(s, err, n, s.op.buffers(), batch);
    }

    @Override
    String call(Slot s) {
        return "WSARecv";
    }

    /** Completes a read that the kernel gave back, into {@code dsts}. */
    final void finishRead(Slot s, int err, long n, ByteBuffer[] dsts, CompletionBatch batch) {
        Operation op = s.op;
        if (err != 0) {
            io.finishError(s, err, call(s) + " (overlapped)", batch);
        } else if (n == 0 && resetBeforeReceive(s.ref)) {
            io.finish(s, CompletionStatus.CONNECTION_RESET, WinError.WSAECONNRESET,
                    "WSARecv found the connection reset (0 bytes, and the socket has no peer any more)", null, batch);
        } else {
            s.plan.finishRecv(dsts, n);
            io.addTransferred(s, n);
            if (n > 0) {
                handOver(s);
            }
            io.finish(s, n > 0 ? CompletionStatus.OK : CompletionStatus.END_OF_STREAM, 0, null, null, batch);
        }
    }

    /** Gives the completion what it hands to the taker, once data arrived (a pooled receive's lease). */
    void handOver(Slot s) {
    }

    /**
     * Tells a reset from an end of stream when a receive got 0 bytes. Windows reports a reset as
     * {@code WSAECONNRESET}; Wine, when the reset arrived before the receive was posted,
     * reports 0 bytes. A connection that got its peer's FIN still has a peer; one that was
     * reset does not. After this side shut its output down, a closed connection is the normal
     * end of a half-close, so then 0 bytes always means end of stream.
     */
    private boolean resetBeforeReceive(SocketRef ref) {
        // the socket is open: this receive still counts as started on it (SocketRef.ended comes later)
        return !ref.isClosed() && !ref.isOutputShutdown() && ws.peerError(ref.socket()) != 0;
    }
}
