package io.overlap.winsock;

import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Deadlines;
import io.overlap.spi.Operation;
import java.util.List;

/**
 * An I/O thread of the winsock backend, whatever the notification model: what it is handed
 * ({@link WaiterInbox}), the timeouts it ends ({@link Deadlines}), one step at a time contained to
 * its operation, and its death. How it waits for the kernel and how it is woken is the model's
 * ({@link Waiter} for event objects; each model has its own).
 *
 * <p>A <em>primary</em> thread also starts operations: Windows cancels the non-port I/O a thread
 * started when that thread exits, so only threads that live as long as the proactor start I/O.
 * Every handle has a primary as its home, which starts its operations one after another in
 * submission order.
 *
 * <p>An exception while handling one operation fails that operation, not the thread. If the
 * thread dies anyway (an {@code Error}), it fails everything it owned on its way out, and
 * whatever reaches it later is failed by whoever hands it over.
 */
abstract class IoThread extends Thread {
    /** Queued items taken per turn; the rest wait for the next turn, after a wait that does not block. */
    static final int WORK_PER_TURN = 256;
    private static final System.Logger LOG = System.getLogger(IoThread.class.getName());

    final WaiterDriver driver;
    final Winsock ws;
    private final boolean primary;
    private final Object owner;
    final WaiterInbox inbox = new WaiterInbox();
    /** How other threads wake this one (its wake-up event, a packet on its port), or null if the model wakes it its own way. */
    final WakeEvent wake;
    volatile boolean stopping;
    private volatile boolean dead;
    private volatile String deathCause;
    private volatile long osThread;

    // owned by this thread
    /** The timeouts of the operations this (primary) thread took in; its wait ends at the next one. */
    private final Deadlines deadlines = new Deadlines();
    /** The operation being handled, so a death can fail it too. */
    private Slot inHand;
    private Operation inHandOp;
    /** The result {@link #kernelStep} reports. */
    private long result;

    /** One thing done with one operation, contained to it if it throws. */
    private interface Step {
        void run(Slot s, CompletionBatch batch);
    }

    private final Step postStep = (s, b) -> driver().post(s, this, b);
    private final Step finishStep = (s, b) -> driver().finishQueued(s, b);
    private final Step kernelStep = (s, b) -> driver().kernelDone(s, result, b);
    private final java.util.function.Consumer<Operation> onExpired = op -> driver().expired(op);

    /** A thread whose model overrides {@link #signalHandOver}, {@link #wakeUp} and {@link #seenHandOvers}. */
    IoThread(WaiterDriver driver, Winsock ws, Object owner, String name, boolean primary) {
        this(driver, ws, owner, name, primary, null);
    }

    IoThread(WaiterDriver driver, Winsock ws, Object owner, String name, boolean primary, WakeEvent wake) {
        super(name);
        this.wake = wake;
        setDaemon(true);
        this.driver = driver;
        this.ws = ws;
        this.owner = owner;
        this.primary = primary;
    }

    private WaiterDriver driver() {
        return driver;
    }

    // ---- what a model does ----

    /** Waits for the kernel and dispatches what came back, until the thread is to end. */
    abstract void loop(CompletionBatch batch);

    /** Wakes the thread after a hand-over from another thread; several before it drains share one wake. */
    void signalHandOver() {
        wake.signal();
    }

    /** Wakes the thread now, whoever calls (stop, cancel, close). */
    void wakeUp() {
        wake.set();
    }

    /**
     * The thread is about to drain its inbox. Nothing for a {@link WakeEvent}: a hand-over wakes
     * the thread only once it said it may block ({@link #beforeBlocking}).
     */
    void seenHandOvers() {
    }

    /**
     * Says the thread may block now, then looks at its inbox once more: from here a hand-over
     * wakes it (one wake for however many), and one that came in before is not slept on.
     * {@link WakeEvent#awake} once the wait returns.
     *
     * @param timeoutMillis the wait's timeout
     * @return the timeout to wait with: 0 if a hand-over is already in
     */
    final int beforeBlocking(int timeoutMillis) {
        if (timeoutMillis != 0 && wake != null) {
            wake.mayBlock();
            if (!inbox.isIdle()) {
                wake.awake();
                return 0;
            }
        }
        return timeoutMillis;
    }

    /** @return the operations this thread waits for that the kernel still has (its death reclaims them) */
    abstract List<Slot> takeStarted();

    // ---- the shared part ----

    boolean isPrimary() {
        return primary;
    }

    /** @return true once this thread died of an unexpected error: it takes nothing new */
    boolean isDead() {
        return dead;
    }

    /** @return the proactor this thread works for */
    Object owner() {
        return owner;
    }

    /**
     * Starts an operation's timeout, counted from its submission; this thread's wait ends at it.
     * Called before the operation is handed over, so the wake-up that follows sees it.
     */
    void armTimeout(Operation op) {
        deadlines.arm(op);
    }

    /** Queues an operation (or its next step) for this (primary) thread to start. */
    void submit(Slot s) {
        inbox.toPost.add(s);
        afterHandOver();
    }

    /** Queues a never-started operation for completion on this (primary) thread. */
    void finishLater(Slot s) {
        inbox.toFinish.add(s);
        afterHandOver();
    }

    /** Asks this (home) thread to start the operations parked on {@code ref} that may start now. */
    void pumpLater(SocketRef ref) {
        if (!dead) {
            inbox.toPump.add(ref);
            signal();
        }
    }

    /** Queues a completed operation for delivery on this thread (handler mode). */
    void deliver(Operation op) {
        inbox.toDeliver.add(op);
        afterHandOver();
    }

    void requestStop() {
        stopping = true;
        wakeUp();
    }

    /** @return this thread's own OS handle (0 until it runs), for awaiting its real end */
    long osThread() {
        return osThread;
    }

    @Override
    public void run() {
        CompletionBatch batch = null;
        try {
            osThread = ws.openCurrentThread();
            batch = driver.ioBatch();
            loop(batch);
        } catch (Throwable e) {
            die(e);
        } finally {
            released();
        }
    }

    /**
     * A turn's work before the wait, the same on every model: the timeouts that passed, the
     * queued work within the turn's budget, the batch handed to the user.
     *
     * @return true if there is more queued work than this turn took (the wait must not block)
     */
    final boolean turn(CompletionBatch batch) {
        batch.beginTurn();
        deadlines.expire(onExpired);
        boolean more = drain(batch);
        batch.flush();
        return more;
    }

    /** @return milliseconds to the next timeout, or -1 if none is armed */
    final long millisToNextTimeout() {
        return Deadlines.toWaitMillis(deadlines.nanosToNext());
    }

    /** Hands a step the kernel gave back to its operation, contained to it. */
    final void kernelDone(Slot s, long r, CompletionBatch batch) {
        result = r;
        run(kernelStep, s, batch);
    }

    /** @return true if there is more queued work than this turn took */
    private boolean drain(CompletionBatch batch) {
        seenHandOvers();
        drainAdopted();
        int budget = pump(WORK_PER_TURN, batch);
        // past the turn's budget, new work (resubmitted from a handler, or failing at once) waits
        for (Slot s; budget > 0 && !batch.overBudget() && (s = inbox.toPost.poll()) != null; budget--) {
            run(postStep, s, batch);
        }
        budget = pump(budget, batch); // what the posts above let go of starts in this turn too
        for (Slot s; budget > 0 && !batch.overBudget() && (s = inbox.toFinish.poll()) != null; budget--) {
            run(finishStep, s, batch);
        }
        for (Operation op; budget > 0 && !batch.overBudget() && (op = inbox.toDeliver.poll()) != null; budget--) {
            batch.deliver(op);
        }
        // work left is over this turn's budget, or was queued by this thread itself after its queue was
        // taken (a step done within its start queues the next one): either way no wake-up will come
        return inbox.hasBudgetedWork() || !inbox.toPump.isEmpty();
    }

    /** Takes in the started operations other threads handed over for this one to wait for. */
    void drainAdopted() {
    }

    /** Starts, in order, the operations parked on the handles whose lanes were let go of. */
    private int pump(int budget, CompletionBatch batch) {
        int left = budget;
        for (SocketRef ref; (ref = inbox.toPump.poll()) != null; ) {
            for (Slot s; (s = ref.nextParked()) != null; left--) {
                run(postStep, s, batch);
            }
        }
        return left;
    }

    private void run(Step step, Slot s, CompletionBatch batch) {
        Operation op = s.op;
        inHand = s;
        inHandOp = op;
        try {
            step.run(s, batch);
        } catch (RuntimeException | OutOfMemoryError e) {
            contain(s, op, e, batch); // any other Error ends the thread: see die
        }
        inHand = null;
    }

    private void contain(Slot s, Operation op, Throwable e, CompletionBatch batch) {
        try {
            driver.contain(s, op, e, batch);
        } catch (RuntimeException | OutOfMemoryError again) {
            again.addSuppressed(e);
            LOG.log(System.Logger.Level.ERROR, getName() + " could not fail " + op + " after an error", again);
        }
    }

    private void signal() {
        if (Thread.currentThread() != this) {
            signalHandOver();
        }
    }

    /**
     * Joins threads that were asked to stop, down to their OS threads.
     *
     * @return true if all ended within {@code timeoutMillis}
     */
    static boolean joinAll(List<? extends IoThread> threads, Winsock ws, long timeoutMillis) {
        boolean all = true;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        boolean interrupted = false;
        for (IoThread t : threads) {
            while (t.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    all = false;
                    break;
                }
                try {
                    t.join(Math.max(1, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (IoThread t : threads) {
            if (!t.isAlive()) {
                all &= ws.awaitThreadEnd(t.osThread(), (int) Math.min(timeoutMillis, Integer.MAX_VALUE));
            }
        }
        return all;
    }

    static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- death ----

    /** Something was handed over: to a dead thread, the one who handed it over fails it. */
    final void afterHandOver() {
        if (dead) {
            failLeftovers(driver.ioBatch());
        } else {
            signal();
        }
    }

    /** Marks the thread out of service before it fails what it owned (a model's hook runs first). */
    void markDying() {
    }

    /**
     * The thread dies of an unexpected error: it stops taking work, fails what it had in hand,
     * queued and waited for (the started ones after the kernel gave them back), and ends.
     */
    private void die(Throwable cause) {
        String why = getName() + " (an I/O thread of the winsock backend) died: " + cause;
        deathCause = why;
        markDying();
        dead = true;
        LOG.log(System.Logger.Level.ERROR, why + "; failing the operations it owned", cause);
        try {
            CompletionBatch batch = driver.ioBatch();
            driver.died(this, why, batch);
            List<Slot> started = takeStarted();
            Slot s = inHand;
            Operation op = inHandOp;
            inHand = null;
            if (s != null && op != null && !op.isDone() && !started.contains(s)) {
                contain(s, op, cause, batch);
            }
            reclaim(started, why, batch);
            failLeftovers(batch);
        } catch (Throwable again) {
            again.addSuppressed(cause);
            LOG.log(System.Logger.Level.ERROR, getName() + " failed while failing its operations", again);
        }
    }

    /**
     * Takes back, on this dying thread, the operations it started that the kernel still has:
     * cancels each, waits (bounded) for the kernel to give it back and fails it.
     */
    void reclaim(List<Slot> started, String why, CompletionBatch batch) {
        driver.reclaim(started, why, batch);
    }

    /** Last on this thread, however the loop ended (after {@link #die} if it died). */
    void released() {
    }

    private void failLeftovers(CompletionBatch batch) {
        inbox.failAll(driver, deathCause != null ? deathCause : getName() + " died", batch);
    }
}
