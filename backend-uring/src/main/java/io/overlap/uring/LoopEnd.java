package io.overlap.uring;

import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractHandle;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.util.ArrayList;
import java.util.List;

/**
 * The death of a loop's thread (an Error, or a wait that failed): its handles are marked
 * failed, so new submissions on them complete CLOSED at once; what waits fails; what is in the
 * kernel is cancelled and each completion reaped before its operation fails, so no memory the
 * kernel may still write is handed back early; then the fds, the ring and the eventfd close.
 * If the kernel does not give everything back in time, the ring is leaked rather than unmapped.
 */
final class LoopEnd {
    private static final System.Logger LOG = System.getLogger(LoopEnd.class.getName());
    private static final long DRAIN_NANOS = 5_000_000_000L;

    private final Loop loop;
    private volatile boolean happened;
    private volatile String message = "the I/O thread died";

    LoopEnd(Loop loop) {
        this.loop = loop;
    }

    /** @return true once the loop's thread has died */
    boolean happened() {
        return happened;
    }

    /** Runs on the dying thread. */
    void die(Throwable t) {
        message = "the I/O thread died: " + AbstractProactor.describe(t);
        happened = true;
        LOG.log(System.Logger.Level.WARNING, loop + " died; its operations fail and its handles close", t);
        try {
            List<UringHandle> mine = new ArrayList<>(loop.handles);
            for (UringHandle h : mine) {
                loop.proactor.markBroken((AbstractHandle) h);
            }
            for (UringHandle h : mine) {
                h.abandon(message);
            }
            drainInbox();
            drainKernel();
            Operation c = loop.current; // taken in when it died, in no lane or entry (else failed above)
            if (c != null && !c.isDone()) {
                loop.fail(c, CompletionStatus.FAILED, 0, message);
            }
            for (UringHandle h : mine) {
                h.fd().release();
            }
        } catch (Throwable again) {
            LOG.log(System.Logger.Level.ERROR, "while " + loop + " died", again);
        } finally {
            if (loop.batch != null) {
                loop.flush();
            }
        }
    }

    /** Fails what was handed over and will never be taken in; any thread. */
    void drainInbox() {
        boolean here = Thread.currentThread() == loop.thread;
        CompletionBatch batch = here ? loop.batch : null;
        if (here) {
            for (Operation op = loop.deferred.poll(); op != null; op = loop.deferred.poll()) {
                loop.proactor.failed(op, CompletionStatus.FAILED, 0, message, batch);
            }
            Operation rest = loop.posted; // the rest of a chain the loop took and died in
            loop.posted = null; // first: a handler failed below may hand over again, re-entering here
            failChain(rest, batch);
        }
        failChain(loop.ops.takeAll(), batch); // each operation is taken by exactly one drainer
        loop.drainHandBacks(CompletionStatus.FAILED, message, batch); // what submitting threads handed back
        loop.tasks.clear(); // a cancel, close or shutdown has nothing left to act on: the handles are abandoned
    }

    private void failChain(Operation first, CompletionBatch batch) {
        for (Operation op = first; op != null; ) {
            Operation next = loop.access.unlink(op);
            if (!op.isDone()) {
                loop.proactor.failed(op, CompletionStatus.FAILED, 0, message, batch);
            }
            op = next;
        }
    }

    private void drainKernel() {
        if (loop.ring == null) {
            return;
        }
        loop.slots.forEach(o -> loop.cancelEntry(o.userData));
        long end = System.nanoTime() + DRAIN_NANOS;
        while (loop.slots.used() > 0 && System.nanoTime() - end < 0) {
            loop.ring.enter(true, 50_000_000L);
            loop.ring.reap((userData, res, flags) -> {
                UringOp o = loop.slots.release(userData);
                if (o != null) {
                    if (o.owner != null) {
                        o.owner.entries--;
                    }
                    o.abandon(res, message);
                }
            });
        }
        if (loop.slots.used() == 0) {
            loop.ring.close();
            loop.wake.close();
        } else {
            LOG.log(System.Logger.Level.ERROR, loop + ": " + loop.slots.used()
                    + " entries never completed; its ring stays mapped rather than freed under the kernel");
        }
    }
}
