package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.CompletionBatch;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;

/**
 * How a loop ends, in order or not.
 *
 * <p>In order, with the proactor's close, in two phases on the loop thread:
 * {@link #stopMakingConnections} (listeners close, connects end) and, once every loop did,
 * {@link #closeEverything} (every handle closes, everything pending is {@code CANCELLED}).
 *
 * <p>Not in order, when something escaped the loop (an {@code Error}, a failing select):
 * {@link #die} completes every operation the loop owned with {@code FAILED} (its handles'
 * FIFOs, its connects in progress, the operation being taken in, its inbox and the chain taken
 * from it, its timed operations) and releases its channels; from then on whoever hands the loop
 * something completes it at once on its own thread, and {@link NioProactor} gives the loop no
 * new handles.
 */
final class LoopEnd {
    private static final System.Logger LOG = System.getLogger(LoopEnd.class.getName());

    private final EventLoop loop;
    /** Why the loop died; null while it lives. Set before anything is drained (see submit). */
    private volatile String cause;

    LoopEnd(EventLoop loop) {
        this.loop = loop;
    }

    // ---- in order ----

    /** Phase one of the proactor's close. */
    void stopMakingConnections() {
        for (LoopHandle h : loop.handles) {
            h.quiesce();
        }
        for (Selectable s : attachments()) {
            s.quiesce();
        }
    }

    /** Phase two. */
    void closeEverything() {
        stopMakingConnections();
        closeAll(CompletionStatus.CANCELLED, null);
        try {
            FaultInjector.check(loop.faults, FaultPoint.WAIT, "selectNow");
            loop.selector.selectNow(); // let the selector release the channels it still holds
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "final selectNow", e);
        }
    }

    /**
     * Closes every handle and connect of the loop, completing what they hold with
     * {@code status}, then whatever is still timed there (an operation found nowhere else).
     */
    private void closeAll(CompletionStatus status, String message) {
        for (LoopHandle h : loop.handles) {
            h.close(status, message);
        }
        for (Selectable s : attachments()) {
            s.close(status, message); // connects in progress
        }
        loop.timers.clear(op -> loop.results.fail(op, status, message));
    }

    /** @return a copy of what the selector's keys carry (they may be cancelled while we go) */
    private List<Selectable> attachments() {
        List<Selectable> all = new ArrayList<>();
        for (SelectionKey k : loop.selector.keys()) {
            all.add((Selectable) k.attachment());
        }
        return all;
    }

    // ---- not in order ----

    boolean happened() {
        return cause != null;
    }

    /** On the loop thread, as it dies. */
    void die(Throwable t) {
        String why = "the I/O thread " + loop.thread.getName() + " died: " + AbstractProactor.describe(t);
        cause = why; // first: from now on a producer completes what it hands over itself
        LOG.log(System.Logger.Level.ERROR, why + "; completing what it owned with FAILED", t);
        step(() -> {
            for (LoopHandle h : loop.handles) {
                loop.proactor.markBroken((io.overlap.spi.AbstractHandle) h); // later submissions complete CLOSED at submit
            }
        });
        step(() -> closeAll(CompletionStatus.FAILED, why));
        step(() -> {
            Operation c = loop.current;
            if (c != null && !c.isDone()) {
                loop.takeOut(c);
                failNow(c);
            }
        });
        step(() -> {
            for (Operation op = loop.posted; op != null; op = loop.posted) {
                loop.posted = loop.access.unlink(op);
                failNow(op);
            }
        });
        step(() -> failPosted(loop.results.batch));
        step(this::drainTasks);
        step(this::drainHandBacks);
        step(loop.results::flush);
    }

    /** On the loop thread, while it dies: a handler's submission, or something it owned. */
    void failNow(Operation op) {
        loop.results.fail(op, CompletionStatus.FAILED, cause);
    }

    /**
     * Completes what waits in the inbox; any thread (the one that pushed after the death, or
     * the dying loop): each operation is taken by exactly one of them.
     *
     * @param batch the loop's batch on the loop thread, else null
     */
    void failPosted(CompletionBatch batch) {
        for (Operation op = loop.ops.takeAll(); op != null; ) {
            Operation next = loop.access.unlink(op);
            loop.proactor.failed(op, CompletionStatus.FAILED, cause, batch);
            op = next;
        }
    }

    /** Runs what was posted to the dead loop; any thread. */
    void drainTasks() {
        for (LoopTask t = loop.tasks.poll(); t != null; t = loop.tasks.poll()) {
            if (t.kind == LoopTask.CLOSE) {
                ((LoopHandle) t.subject).release();
            }
            // a cancel, shutdown, quiesce or stop has nothing left to act on
        }
    }

    /** Hands on what submitting threads gave the dead loop back; any thread. */
    void drainHandBacks() {
        loop.handBacks.drain(loop.proactor::deliverAround, c -> c.failHandoffs(CompletionStatus.FAILED, cause, null));
    }

    /** Each step on its own, so one that fails again (out of memory) does not skip the rest. */
    private static void step(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "completing a dead loop's operations", t);
        }
    }
}
