package io.overlap.winsock;

import io.overlap.CompletionStatus;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.nio.ByteBuffer;

/**
 * A send: {@code WSASend} of every remaining byte, direct buffers in place. Heap bytes are
 * staged at most {@link BufferPlan#SEND_STAGING_LIMIT} per call, so a large heap send is made
 * of several calls, each posted when the one before is back; it holds its connection's send
 * lane meanwhile, so a later send cannot put its bytes between two parts. It completes when
 * every byte was handed over, or with an error and the bytes handed over so far.
 */
final class SendTask extends OpTask {
    SendTask(Engine io) {
        super(io);
    }

    @Override
    int start(Slot s) {
        SocketRef ref = s.ref;
        return ref.start(s, ref.sendLane(), () -> {
            s.plan.planSend(s.op.buffers(), io.staging);
            s.ioSocket = ref.socket();
            io.notifier.beforeStart(s);
            int err = ws.startSend(s.ioSocket, s.block, s.event, s.plan.buffers(), s.plan.count());
            if (Winsock.isStarted(err)) {
                if (s.plan.isPartial()) {
                    ref.hold(ref.sendLane(), s);
                } else if (ref.letGo(s)) {
                    ref.home().pumpLater(ref);
                }
            }
            return err;
        });
    }

    @Override
    void completed(Slot s, int err, long n, CompletionBatch batch) {
        Operation op = s.op;
        long planned = s.plan.total();
        s.plan.finishSend(op.buffers(), n);
        io.addTransferred(s, n);
        if (err != 0) {
            io.finishError(s, err, call(s) + " (overlapped)", batch);
        } else if (n < planned) {
            io.finish(s, CompletionStatus.FAILED, 0, "WSASend completed with " + n + " of " + planned + " bytes",
                    null, batch);
        } else if (hasRemaining(op.buffers())) {
            s.plan.release(io.staging);
            s.ref.ended(s);
            io.again(s); // the next part, from the home thread
        } else {
            io.finish(s, CompletionStatus.OK, 0, null, null, batch);
        }
    }

    @Override
    String call(Slot s) {
        return "WSASend";
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
