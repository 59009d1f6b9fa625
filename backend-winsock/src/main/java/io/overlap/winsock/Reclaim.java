package io.overlap.winsock;

import io.overlap.CompletionStatus;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Takes back operations whose waiter died while the kernel had them: cancels each, waits
 * (bounded) for the kernel to give its block back, and fails it. One the kernel does not give
 * back is failed all the same, and its block, staging and socket are left allocated and logged.
 */
final class Reclaim {
    private static final System.Logger LOG = System.getLogger(Reclaim.class.getName());

    private Reclaim() {
    }

    static void reclaim(Engine io, List<Slot> started, String why, long graceMillis, CompletionBatch batch) {
        if (started.isEmpty()) {
            return;
        }
        for (Slot s : started) {
            synchronized (s) {
                io.abortLocked(s, CompletionStatus.FAILED, why);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        List<Slot> left = new ArrayList<>(started);
        while (true) {
            for (Iterator<Slot> it = left.iterator(); it.hasNext(); ) {
                Slot s = it.next();
                if (isBack(io.ws, s)) {
                    it.remove();
                    io.finish(s, CompletionStatus.FAILED, 0, why, null, batch);
                }
            }
            if (left.isEmpty() || System.nanoTime() - deadline > 0) {
                break;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Slot s : left) {
            Operation op = s.op;
            LOG.log(System.Logger.Level.ERROR, "the kernel did not give back " + op + " after CancelIoEx; its "
                    + "native block and socket are left allocated");
            io.abandon(s, why, batch);
        }
    }

    private static boolean isBack(Winsock ws, Slot s) {
        try {
            return IoResult.error(ws.result(s.ioSocket, s.block)) != WinError.WSA_IO_INCOMPLETE;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
