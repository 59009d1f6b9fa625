package io.overlap.winsock;

import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Deadlines;
import io.overlap.spi.Operation;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread that waits with {@code WSAWaitForMultipleEvents} on its wake-up event (index 0) and
 * up to {@value #MAX_OPS} operation events. After each wake it handles every signalled event,
 * not just the lowest one the wait reports, so low indices cannot starve high ones.
 *
 * <p>A <em>primary</em> waiter also starts operations: Windows cancels the I/O a thread started
 * when that thread exits, so only threads that live as long as the proactor start I/O. Every
 * handle has a primary as its home, which starts its operations one after another in
 * submission order. Other waiters only wait; they are added as operations grow past
 * {@value #MAX_OPS} per waiter and retire after being idle for a while.
 *
 * <p>An exception while handling one operation fails that operation, not the thread. If the
 * thread dies anyway (an {@code Error}), it fails everything it owned on its way out, and
 * whatever reaches it later is failed by whoever hands it over.
 */
final class Waiter extends Thread {
    /** Operation events per waiter: 64 ({@code WSA_MAXIMUM_WAIT_EVENTS}) less the wake-up event. */
    static final int MAX_OPS = 63;
    /** Queued items taken per turn; the rest wait for the next turn, after a wait that does not block. */
    static final int WORK_PER_TURN = 256;
    /** A wait that fails this many times in a row is a broken waiter, not a passing fault. */
    private static final int WAIT_FAILURES_TO_DIE = 100;
    private static final int RETIRED = -1;
    private static final System.Logger LOG = System.getLogger(Waiter.class.getName());

    private final WaiterDriver driver;
    private final Winsock ws;
    private final boolean primary;
    private final WakeEvent wake;
    private final int idleMillis;
    private final Object owner;
    private final AtomicInteger reserved = new AtomicInteger();
    private final WaiterInbox inbox = new WaiterInbox();
    private volatile boolean stopping;
    private volatile boolean dead;
    private volatile String deathCause;
    private volatile long osThread;

    // owned by this thread
    private final WaitSet set;
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

    Waiter(WaiterDriver driver, Winsock ws, Object owner, String name, boolean primary, long wake, int idleMillis) {
        super(name);
        setDaemon(true);
        this.driver = driver;
        this.ws = ws;
        this.owner = owner;
        this.primary = primary;
        this.wake = new WakeEvent(ws, wake, name);
        this.idleMillis = idleMillis;
        this.set = new WaitSet(wake);
    }

    private WaiterDriver driver() {
        return driver;
    }

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

    long wakeEvent() {
        return wake.handle();
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

    /** @return true if this waiter took one more place in its wait set */
    boolean tryReserve() {
        while (!dead) {
            int r = reserved.get();
            if (r == RETIRED || r >= MAX_OPS) {
                return false;
            }
            if (reserved.compareAndSet(r, r + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives back a place {@link #tryReserve} took, unused. */
    void unreserve() {
        reserved.decrementAndGet();
    }

    /** Hands over a started operation whose place {@link #tryReserve} took. */
    void adopt(Slot s) {
        if (Thread.currentThread() == this) {
            set.add(s);
        } else {
            inbox.toAdopt.add(s);
            afterHandOver();
        }
    }

    /**
     * @return true if it was an idle extra waiter and is now retired: it takes no more
     *     operations. A primary never retires: its wait also ends at its deadlines, and if it
     *     ended its thread, Windows would cancel every operation it started (the article's
     *     series warns of exactly this) and its handles would have no home.
     */
    boolean retireIfIdle() {
        return !primary && reserved.compareAndSet(0, RETIRED);
    }

    /** @return what is handed to this waiter, for tests that look at the hand-off alone */
    WaiterInbox inboxForTest() {
        return inbox;
    }

    void requestStop() {
        stopping = true;
        wakeUp();
    }

    /** Signals the wake-up event, whoever calls. */
    void wakeUp() {
        wake.set();
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
        }
    }

    private void loop(CompletionBatch batch) {
        int waitFailures = 0;
        while (true) {
            batch.beginTurn();
            deadlines.expire(onExpired);
            boolean more = drain(batch);
            batch.flush();
            if (stopping && set.count() == 0 && inbox.isEmpty()) {
                return;
            }
            int timeout = more ? 0 : wake.bound(timeout());
            if (timeout != 0) {
                wake.mayBlock(); // from here a hand-over sets the wake-up event; one last look first
                if (!inbox.isIdle()) {
                    wake.awake();
                    timeout = 0;
                }
            }
            int n;
            try {
                batch.awaitingIo(); // the busy stretch since the last wait ends (stall events)
                n = set.await(ws, timeout);
                wake.awake();
                batch.woke();
                waitFailures = 0;
            } catch (RuntimeException e) {
                wake.awake();
                if (++waitFailures >= WAIT_FAILURES_TO_DIE) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, getName() + ": WSAWaitForMultipleEvents failed; waiting again", e);
                pause();
                continue;
            }
            if (n == 0) {
                if (!more && driver.waiters().retire(this)) {
                    return;
                }
                continue;
            }
            for (int k = 0; k < n; k++) {
                int i = set.signalled(k);
                if (i == 0) {
                    wake.reset(); // the inbox is drained next
                } else {
                    handle(i, batch);
                }
            }
            set.compact();
        }
    }

    private void handle(int i, CompletionBatch batch) {
        Slot s = set.slot(i);
        if (set.isStale(i)) {
            // its operation is over and the slot carries a new one
            set.remove(i);
            reserved.decrementAndGet();
            return;
        }
        // No WSAResetEvent on the way: a done operation's event may stay signalled, since its
        // slot leaves the set now and the next start on it resets it (the kernel does, for every
        // overlapped call given an event). Only a signal without a completion behind it (a stale
        // one) is reset, then the result read again, so a completion in between is not missed.
        long r;
        try {
            r = ws.result(s.ioSocket, s.block);
            if (IoResult.error(r) == WinError.WSA_IO_INCOMPLETE) {
                if (!resetQuietly(s.event)) {
                    driver.abortFailed(s, set.generation(i), "WSAResetEvent failed on its event");
                    return;
                }
                r = ws.result(s.ioSocket, s.block);
            }
        } catch (RuntimeException e) {
            driver.abortFailed(s, set.generation(i), io.overlap.spi.AbstractProactor.describe(e)); // it stays here until the kernel gives it back
            return;
        }
        if (IoResult.error(r) == WinError.WSA_IO_INCOMPLETE) {
            return; // signalled without completing: keep waiting
        }
        set.remove(i);
        reserved.decrementAndGet();
        result = r;
        run(kernelStep, s, batch);
    }

    /** @return the wait's timeout: to the next deadline, else forever, or the idle time of an extra waiter */
    private int timeout() {
        long toNext = Deadlines.toWaitMillis(deadlines.nanosToNext());
        if (toNext >= 0) {
            return (int) Math.min(toNext, Integer.MAX_VALUE - 1);
        }
        return primary || set.count() > 0 || stopping ? Winsock.INFINITE : idleMillis;
    }

    /** @return true if there is more queued work than this turn took */
    private boolean drain(CompletionBatch batch) {
        for (Slot s; (s = inbox.toAdopt.poll()) != null; ) {
            set.add(s);
        }
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
        return (budget <= 0 || batch.overBudget()) && inbox.hasBudgetedWork() || !inbox.toPump.isEmpty();
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


    private boolean resetQuietly(long event) {
        try {
            ws.resetEvent(event);
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, getName() + ": WSAResetEvent failed", e);
            return false;
        }
    }

    private void signal() {
        if (Thread.currentThread() != this) {
            wake.signal();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- death ----

    /** Something was handed over: to a dead waiter, the one who handed it over fails it. */
    private void afterHandOver() {
        if (dead) {
            failLeftovers(driver.ioBatch());
        } else {
            signal();
        }
    }

    /**
     * The thread dies of an unexpected error: it stops taking work, fails what it had in hand,
     * queued and in its set (the started ones after the kernel gave them back), and ends.
     */
    private void die(Throwable cause) {
        String why = getName() + " (an I/O thread of the winsock backend) died: " + cause;
        deathCause = why;
        reserved.set(RETIRED);
        dead = true;
        LOG.log(System.Logger.Level.ERROR, why + "; failing the operations it owned", cause);
        try {
            CompletionBatch batch = driver.ioBatch();
            driver.died(this, why, batch);
            List<Slot> started = set.clear();
            Slot s = inHand;
            Operation op = inHandOp;
            inHand = null;
            if (s != null && op != null && !op.isDone() && !started.contains(s)) {
                contain(s, op, cause, batch);
            }
            driver.reclaim(started, why, batch);
            failLeftovers(batch);
        } catch (Throwable again) {
            again.addSuppressed(cause);
            LOG.log(System.Logger.Level.ERROR, getName() + " failed while failing its operations", again);
        }
    }

    private void failLeftovers(CompletionBatch batch) {
        inbox.failAll(driver, deathCause != null ? deathCause : getName() + " died", batch);
    }
}
