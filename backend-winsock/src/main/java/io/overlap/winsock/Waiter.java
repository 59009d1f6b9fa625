package io.overlap.winsock;

import io.overlap.spi.CompletionBatch;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code event} model's I/O thread: it waits with {@code WSAWaitForMultipleEvents} on its
 * wake-up event (index 0) and up to {@value #MAX_OPS} operation events. After each wake it
 * handles every signalled event, not just the lowest one the wait reports, so low indices
 * cannot starve high ones.
 *
 * <p>Primaries start operations (see {@link IoThread}); other waiters only wait. They are added
 * as operations grow past {@value #MAX_OPS} per waiter and retire after being idle for a while.
 */
final class Waiter extends IoThread implements Notifier.Place {
    /** Operation events per waiter: 64 ({@code WSA_MAXIMUM_WAIT_EVENTS}) less the wake-up event. */
    static final int MAX_OPS = 63;
    /** Queued items taken per turn; the rest wait for the next turn, after a wait that does not block. */
    static final int WORK_PER_TURN = IoThread.WORK_PER_TURN;
    /** A wait that fails this many times in a row is a broken waiter, not a passing fault. */
    private static final int WAIT_FAILURES_TO_DIE = 100;
    private static final int RETIRED = -1;
    private static final System.Logger LOG = System.getLogger(Waiter.class.getName());

    private final Waiters waiters;
    private final int idleMillis;
    private final AtomicInteger reserved = new AtomicInteger();

    // owned by this thread
    private final WaitSet set;
    /** The {@code routine} model's operations started with a completion routine; null in the event model. */
    private final RoutineTable routines;

    Waiter(WaiterDriver driver, Waiters waiters, Winsock ws, Object owner, String name, boolean primary, long wake,
            int idleMillis) {
        this(driver, waiters, ws, owner, name, primary, wake, idleMillis, null);
    }

    /**
     * @param routines the table of the operations it starts with a completion routine (a
     *     {@code routine}-model primary: its waits are then alertable), or null
     */
    Waiter(WaiterDriver driver, Waiters waiters, Winsock ws, Object owner, String name, boolean primary, long wake,
            int idleMillis, RoutineTable routines) {
        super(driver, ws, owner, name, primary, new WakeEvent(ws, wake, name));
        this.waiters = waiters;
        this.idleMillis = idleMillis;
        this.set = new WaitSet(wake);
        this.routines = routines;
    }

    /** @return its completion-routine operations (a {@code routine}-model primary), or null */
    RoutineTable routines() {
        return routines;
    }

    long wakeEvent() {
        return wake.handle();
    }

    /** @return true if this waiter took one more place in its wait set */
    boolean tryReserve() {
        while (!isDead()) {
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
    @Override
    public void unreserve() {
        reserved.decrementAndGet();
    }

    /** Hands over a started operation whose place {@link #tryReserve} took. */
    @Override
    public void adopt(Slot s) {
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
        return !isPrimary() && reserved.compareAndSet(0, RETIRED);
    }

    @Override
    void drainAdopted() {
        for (Slot s; (s = inbox.toAdopt.poll()) != null; ) {
            set.add(s);
        }
    }

    @Override
    void markDying() {
        reserved.set(RETIRED);
    }

    @Override
    List<Slot> takeStarted() {
        List<Slot> started = set.clear();
        if (routines != null) {
            started.addAll(routines.clear()); // their routines can run only here: reclaim polls their results
        }
        return started;
    }

    @Override
    void loop(CompletionBatch batch) {
        int waitFailures = 0;
        while (true) {
            boolean more = turn(batch);
            if (stopping && set.count() == 0 && inbox.isEmpty() && (routines == null || routines.count() == 0)) {
                return;
            }
            int timeout = beforeBlocking(more ? 0 : wake.bound(timeout()));
            int n;
            try {
                batch.awaitingIo(); // the busy stretch since the last wait ends (stall events)
                n = routines == null ? set.await(ws, timeout) : set.awaitAlertable(ws, timeout, routines);
                wake.awake();
                batch.woke();
                waitFailures = 0;
                if (routines != null) {
                    routines.dispatch(this, batch); // the routines that ran in the wait
                }
            } catch (RuntimeException e) {
                wake.awake();
                if (routines != null) {
                    routines.dispatch(this, batch);
                }
                if (++waitFailures >= WAIT_FAILURES_TO_DIE) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, getName() + ": WSAWaitForMultipleEvents failed; waiting again", e);
                pause();
                continue;
            }
            if (n == 0) {
                if (!more && waiters.retire(this)) {
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
        kernelDone(s, r, batch);
    }

    /** @return the wait's timeout: to the next deadline, else forever, or the idle time of an extra waiter */
    private int timeout() {
        long toNext = millisToNextTimeout();
        if (toNext >= 0) {
            return (int) Math.min(toNext, Integer.MAX_VALUE - 1);
        }
        return isPrimary() || set.count() > 0 || stopping ? Winsock.INFINITE : idleMillis;
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
}
