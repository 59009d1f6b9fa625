package io.overlap.nio;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.spi.AbstractHandle;
import io.overlap.spi.AbstractProactor;
import io.overlap.spi.Deadlines;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.HandBacks;
import io.overlap.spi.HandOffStack;
import io.overlap.spi.OpAccess;
import io.overlap.spi.Operation;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One selector thread: it waits on its {@link LoopSelector}, takes in what other threads hand it
 * (operations without allocation, control tasks beside them), runs the timeouts and owns the
 * completion batch. The
 * I/O itself belongs to the handles ({@link NioConnection}, {@link NioListener}) and to
 * {@link PendingConnect}: the loop calls a ready key's {@link Selectable} and a submitted
 * operation's {@link LoopHandle}. Everything they own is touched only on {@link #thread}.
 *
 * <p>Failures stop where they started: an exception while handling one operation fails that
 * operation ({@link #contain}); anything that escapes to the loop ends it ({@link LoopEnd}),
 * which completes everything it owned and leaves the proactor closable.
 */
final class EventLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    /** Inbox items taken per turn before the selector gets a look. */
    private static final int INBOX_PER_TURN = 4096;

    private static final int RUNNING = 0;
    private static final int QUIESCED = 1;
    private static final int STOPPED = 2;

    final NioProactor proactor;
    final Thread thread;
    final FaultInjector faults;
    final OpAccess access;
    final LoopSelector selector;
    /** Listeners and connections homed here, so that a close or a death finds the idle ones too. */
    final HandleList handles = new HandleList();
    /** Operations handed over by other threads, linked through their backend link: no allocation. */
    final HandOffStack<Operation> ops;
    /** Completions and connections handed back by submitting threads (caller-thread I/O). */
    final HandBacks<NioLanedConnection> handBacks;
    final ConcurrentLinkedQueue<LoopTask> tasks = new ConcurrentLinkedQueue<>();
    final Deadlines timers = new Deadlines();
    final LoopResults results;
    private final Consumer<SelectionKey> onKey = this::onKey;
    private final BooleanSupplier workWaiting = this::workWaiting;
    private final Consumer<Operation> onExpired = op -> end(op, CompletionStatus.TIMED_OUT);
    final CountDownLatch quiesced = new CountDownLatch(1);
    private final LoopEnd ending = new LoopEnd(this);
    private int phase = RUNNING;
    /** The rest of a chain taken from the inbox and not taken in yet. */
    Operation posted;
    /** The operation being taken in, so a death finds it even when it is in no FIFO yet. */
    Operation current;

    EventLoop(NioProactor proactor, int index) throws IOException {
        this.proactor = proactor;
        this.faults = proactor.config().faultInjector();
        this.access = proactor.access();
        this.ops = new HandOffStack<>(access);
        this.handBacks = new HandBacks<>(access);
        this.selector = new LoopSelector(faults);
        this.results = new LoopResults(proactor);
        this.thread = new Thread(this, "overlap-nio-loop-" + index);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Releases the selector of a loop that was never started. */
    void abandon() {
        selector.close();
    }

    /** @return true once the loop thread has died; then it takes nothing in again */
    boolean isDead() {
        return ending.happened();
    }

    /** @return true while the loop may still make connections (before the proactor's close) */
    boolean makesConnections() {
        return phase == RUNNING;
    }

    // ---- hand-offs from any thread ----

    void submit(Operation op) {
        if (Thread.currentThread() == thread) {
            submitHere(op);
        } else {
            ops.push(op);
            if (ending.happened()) {
                ending.failPosted(null); // the loop is gone: nobody else will take it
            } else {
                selector.wake();
            }
        }
    }

    private void submitHere(Operation op) {
        if (ending.happened()) {
            ending.failNow(op); // a handler submitting while the loop completes what it owned
        } else if (results.batch.overBudget()) {
            ops.push(op); // the next turn takes it in, after a select and behind what waits there
        } else {
            if (posted != null || !ops.isEmpty()) {
                takeInPosted(); // what other threads handed over before goes first (FIFO across threads)
            }
            takeIn(op);
        }
    }

    void cancel(Operation op) {
        if (Thread.currentThread() == thread) {
            end(op, CompletionStatus.CANCELLED);
        } else {
            post(new LoopTask(LoopTask.CANCEL, op));
        }
    }

    void deliver(Operation completed) {
        handBacks.deliver(completed);
        wakeForHandBack();
    }

    void shutdownOutput(NioConnection c) {
        if (Thread.currentThread() == thread) {
            c.shutdownOutput();
        } else {
            post(new LoopTask(LoopTask.SHUTDOWN_OUTPUT, c));
        }
    }

    void close(AbstractHandle h) {
        if (Thread.currentThread() == thread) {
            ((LoopHandle) h).close(CompletionStatus.CANCELLED, null);
        } else {
            post(new LoopTask(LoopTask.CLOSE, h));
        }
    }

    /** A submitting thread hands {@code c} back to this loop ({@link NioLanedConnection}); any thread. */
    void resume(NioConnection c) {
        handBacks.resume(c);
        wakeForHandBack();
    }

    /**
     * Hands {@code c} back without waking the loop: for a receive that waits for data while its
     * read interest is armed ({@link NioConnection#mayHandOffQuietly}), whose readiness wakes
     * the loop; any wake-up before that serves the hand-back as usual.
     */
    void resumeQuietly(NioConnection c) {
        handBacks.resume(c);
        afterHandBack(false);
    }

    private void wakeForHandBack() {
        afterHandBack(true);
    }

    /** @param wake wake the loop unless it is gone (then nobody else takes what was handed back: drain it here) */
    private void afterHandBack(boolean wake) {
        if (ending.happened()) {
            ending.drainHandBacks();
        } else if (wake) {
            selector.wake();
        }
    }

    void quiesce() {
        post(new LoopTask(LoopTask.QUIESCE, null));
    }

    void awaitQuiesced() {
        Uninterruptibly.await(quiesced);
    }

    void stop() {
        post(new LoopTask(LoopTask.STOP, null));
    }

    void join() {
        Uninterruptibly.join(thread);
    }

    void post(LoopTask task) {
        tasks.offer(task);
        if (ending.happened()) {
            ending.drainTasks();
        } else {
            selector.wake();
        }
    }

    // ---- the loop ----

    @Override
    public void run() {
        try {
            while (phase != STOPPED) {
                results.batch.beginTurn();
                runInbox();
                if (phase == STOPPED) {
                    break;
                }
                results.flush();
                selector.select(timers.nanosToNext(), workWaiting, results.batch, onKey);
                timers.expire(onExpired);
            }
            results.flush();
        } catch (Throwable t) { // not contained to one operation (an Error, or a failing select)
            ending.die(t);
        } finally {
            quiesced.countDown();
            selector.close();
        }
    }

    /** @return true if another thread handed this loop an operation or a task it has not taken yet */
    private boolean workWaiting() {
        return !ops.isEmpty() || !tasks.isEmpty() || !handBacks.isEmpty();
    }

    private void runInbox() {
        takeInPosted();
        handBacks.run(results.batch);
        // control work (close, cancel, delivery, shutdown) is not held back by the turn's budget:
        // the budget holds back new inline I/O, and a close must reach a loop whose turns an
        // operation failing over and over uses up (else it waits for the storm to end)
        for (int i = 0; i < INBOX_PER_TURN && phase != STOPPED; i++) {
            LoopTask t = tasks.poll();
            if (t == null) {
                return;
            }
            // operations posted before this task are in the inbox now: take them in first, so a
            // task never overtakes an operation submitted before it (e.g. a shutdown its sends),
            // nor a completion or a hand-back posted before it
            takeInPosted();
            handBacks.run(results.batch);
            run(t);
        }
    }

    /** Takes in everything handed over so far, oldest first; safe to re-enter from a handler. */
    private void takeInPosted() {
        if (posted == null) {
            posted = ops.takeAll();
        }
        while (posted != null) {
            Operation op = posted;
            posted = access.unlink(op);
            takeIn(op);
        }
    }

    private void run(LoopTask t) {
        switch (t.kind) {
            case LoopTask.CANCEL:
                end((Operation) t.subject, CompletionStatus.CANCELLED);
                break;
            case LoopTask.SHUTDOWN_OUTPUT:
                ((NioConnection) t.subject).shutdownOutput();
                break;
            case LoopTask.CLOSE:
                ((LoopHandle) t.subject).close(CompletionStatus.CANCELLED, null);
                break;
            case LoopTask.QUIESCE:
                phase = QUIESCED;
                ending.stopMakingConnections();
                results.flush();
                quiesced.countDown();
                break;
            case LoopTask.STOP:
                ending.closeEverything();
                phase = STOPPED;
                takeInPosted(); // phase is STOPPED: each is completed CANCELLED
                handBacks.run(results.batch); // every connection is closed by now: what it hands back fails
                tasks.clear(); // a cancel, a close or a shutdown has nothing left to act on
                break;
            default:
                throw new IllegalStateException("unknown task " + t.kind);
        }
    }

    private void onKey(SelectionKey key) {
        results.batch.woke(); // the keys are handed out after the wait, inside select
        Selectable s = (Selectable) key.attachment();
        int ready;
        try {
            ready = key.readyOps();
        } catch (CancelledKeyException e) {
            return; // closed while this batch of keys was being handed out: nothing pending on it
        }
        try {
            s.onReady(ready);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "contained to " + s, e);
            s.onError(e);
        }
    }

    // ---- operations ----

    private void takeIn(Operation op) {
        Operation outer = current;
        current = op;
        try {
            AbstractHandle target = op.target();
            if (op.isCancelRequested() || phase == STOPPED) {
                // a cancel that reached the loop before its operation found nothing to cancel
                results.complete(op, CompletionStatus.CANCELLED);
            } else if (target == null) {
                PendingConnect.start(this, op);
            } else {
                ((LoopHandle) target).takeIn(op);
            }
            timers.arm(op); // nothing for one without a timeout or already completed
        } catch (RuntimeException e) {
            contain(op, e);
        }
        current = outer;
    }

    /** Takes a pending operation out wherever it waits and completes it with {@code status}. */
    private void end(Operation op, CompletionStatus status) {
        try {
            if (!op.isDone() && takeOut(op)) {
                results.complete(op, status);
            }
        } catch (RuntimeException e) {
            contain(op, e);
        }
    }

    boolean takeOut(Operation op) {
        AbstractHandle target = op.target();
        return target == null ? PendingConnect.takeOut(this, op) : ((LoopHandle) target).remove(op);
    }

    /**
     * Fails one operation that an exception interrupted (a bug, or an unchecked fault), taking it
     * out of wherever it waits; the loop and the other operations go on.
     *
     * @param op the operation being handled when {@code e} was thrown
     * @param e what was thrown
     */
    void contain(Operation op, RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "contained to " + op, e);
        if (op.isDone()) {
            return;
        }
        try {
            takeOut(op);
        } catch (RuntimeException again) {
            LOG.log(System.Logger.Level.DEBUG, "taking out " + op, again);
        }
        results.fail(op, CompletionStatus.FAILED, AbstractProactor.describe(e));
    }

    // ---- what handles call ----

    /**
     * Tries the heads of {@code step}'s FIFO of {@code kind} in turn while each says the next may
     * go, at most {@code max}; an exception fails only the operation it interrupted.
     */
    void drive(OpStep step, OpKind kind, int max) {
        Operation op;
        for (int i = 0; i < max && (op = step.head(kind)) != null; i++) {
            boolean more;
            try {
                more = step.attempt(op);
            } catch (RuntimeException e) {
                contain(op, e);
                more = true;
            }
            if (!more) {
                return;
            }
        }
    }

    /** Lets go of a handle's channel and key, and of the handle: the one release path of both kinds. */
    void release(LoopHandle h, SelectionKey key, java.nio.channels.Channel channel) {
        if (key != null) {
            key.cancel();
        }
        closeQuietly(channel);
        handles.remove(h);
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + c, e);
        }
    }

    @Override
    public String toString() {
        return thread.getName();
    }
}
