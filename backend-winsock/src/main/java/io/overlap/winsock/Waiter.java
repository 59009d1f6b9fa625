package io.overlap.winsock;

import io.overlap.spi.CompletionBatch;
import io.overlap.spi.Operation;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
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
 */
final class Waiter extends Thread {
    /** Operation events per waiter: 64 ({@code WSA_MAXIMUM_WAIT_EVENTS}) less the wake-up event. */
    static final int MAX_OPS = 63;
    private static final int RETIRED = -1;
    private static final System.Logger LOG = System.getLogger(Waiter.class.getName());

    /** What a waiter calls back into. */
    interface Driver {
        /** Starts a queued operation on its home thread (or completes it if it must not start). */
        void post(Slot slot, Waiter on, CompletionBatch batch);

        /** Completes a queued operation that was taken out of its connection's parked receives. */
        void finishQueued(Slot slot, CompletionBatch batch);

        /** Reports an operation the kernel is done with. */
        void kernelDone(Slot slot, long result, CompletionBatch batch);

        /** @return a fresh batch for this thread */
        CompletionBatch ioBatch();

        /** @return the waiter set, for placing started operations */
        Waiters waiters();
    }

    private final Driver driver;
    private final Winsock ws;
    private final boolean primary;
    private final long wake;
    private final int idleMillis;
    private final Object owner;
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Queue<Slot> toPost = new ConcurrentLinkedQueue<>();
    private final Queue<Slot> toAdopt = new ConcurrentLinkedQueue<>();
    private final Queue<Operation> toDeliver = new ConcurrentLinkedQueue<>();
    private final Queue<Slot> toFinish = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;
    private volatile long osThread;

    // owned by this thread
    private final long[] events = new long[MAX_OPS + 1];
    private final Slot[] slots = new Slot[MAX_OPS + 1];
    private final int[] generations = new int[MAX_OPS + 1];
    private final int[] signalled = new int[MAX_OPS + 1];
    private int count;

    Waiter(Driver driver, Winsock ws, Object owner, String name, boolean primary, long wake, int idleMillis) {
        super(name);
        setDaemon(true);
        this.driver = driver;
        this.ws = ws;
        this.owner = owner;
        this.primary = primary;
        this.wake = wake;
        this.idleMillis = idleMillis;
        this.events[0] = wake;
    }

    boolean isPrimary() {
        return primary;
    }

    /** @return the proactor this thread works for */
    Object owner() {
        return owner;
    }

    long wakeEvent() {
        return wake;
    }

    /** Queues an operation for this (primary) thread to start. */
    void submit(Slot s) {
        toPost.add(s);
        signal();
    }

    /** Queues a never-started operation for completion on this (primary) thread. */
    void finishLater(Slot s) {
        toFinish.add(s);
        signal();
    }

    /** Queues a completed operation for delivery on this thread (handler mode). */
    void deliver(Operation op) {
        toDeliver.add(op);
        signal();
    }

    /** @return true if this waiter took one more place in its wait set */
    boolean tryReserve() {
        while (true) {
            int r = reserved.get();
            if (r == RETIRED || r >= MAX_OPS) {
                return false;
            }
            if (reserved.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    /** Gives back a place {@link #tryReserve} took, unused. */
    void unreserve() {
        reserved.decrementAndGet();
    }

    /** Hands over a started operation whose place {@link #tryReserve} took. */
    void adopt(Slot s) {
        if (Thread.currentThread() == this) {
            add(s);
        } else {
            toAdopt.add(s);
            signal();
        }
    }

    /** @return true if it was idle and is now retired: it takes no more operations */
    boolean retireIfIdle() {
        return reserved.compareAndSet(0, RETIRED);
    }

    void requestStop() {
        stopping = true;
        ws.setEvent(wake);
    }

    /** @return this thread's own OS handle (0 until it runs), for awaiting its real end */
    long osThread() {
        return osThread;
    }

    @Override
    public void run() {
        osThread = ws.openCurrentThread();
        CompletionBatch batch = driver.ioBatch();
        try {
            loop(batch);
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, getName() + " stopped on an unexpected error; "
                    + count + " operation(s) it waited for will not complete", e);
            throw e;
        }
    }

    private void loop(CompletionBatch batch) {
        while (true) {
            drain(batch);
            batch.flush();
            if (stopping && count == 0 && toPost.isEmpty() && toAdopt.isEmpty() && toDeliver.isEmpty()
                    && toFinish.isEmpty()) {
                return;
            }
            int timeout = primary || count > 0 || stopping ? Winsock.INFINITE : idleMillis;
            int first = ws.waitAny(events, 0, count + 1, timeout);
            if (first == Winsock.WAIT_TIMEOUT) {
                if (driver.waiters().retire(this)) {
                    return;
                }
                continue;
            }
            int n = 0;
            signalled[n++] = first;
            // the wait names only the lowest signalled index: test the rest, without waiting
            for (int from = first + 1; from <= count; ) {
                int j = ws.waitAny(events, from, count + 1 - from, 0);
                if (j == Winsock.WAIT_TIMEOUT) {
                    break;
                }
                signalled[n++] = from + j;
                from += j + 1;
            }
            for (int k = 0; k < n; k++) {
                int i = signalled[k];
                if (i == 0) {
                    ws.resetEvent(wake); // the queues are drained next
                } else {
                    handle(i, batch);
                }
            }
            compact();
        }
    }

    private void handle(int i, CompletionBatch batch) {
        Slot s = slots[i];
        if (s.generation != generations[i]) {
            // its operation is over and the slot carries a new one: this entry is stale
            slots[i] = null;
            reserved.decrementAndGet();
            return;
        }
        ws.resetEvent(s.event); // before reading the result, so a later completion signals again
        long r = ws.result(s.ioSocket, s.block);
        if (IoResult.error(r) == WinError.WSA_IO_INCOMPLETE) {
            return; // signalled without completing: keep waiting
        }
        slots[i] = null;
        reserved.decrementAndGet();
        driver.kernelDone(s, r, batch);
    }

    private void drain(CompletionBatch batch) {
        wakePending.set(false);
        for (Slot s; (s = toAdopt.poll()) != null; ) {
            add(s);
        }
        for (Slot s; (s = toPost.poll()) != null; ) {
            driver.post(s, this, batch);
        }
        for (Slot s; (s = toFinish.poll()) != null; ) {
            driver.finishQueued(s, batch);
        }
        for (Operation op; (op = toDeliver.poll()) != null; ) {
            batch.deliver(op);
        }
    }

    private void add(Slot s) {
        count++;
        events[count] = s.event;
        slots[count] = s;
        generations[count] = s.generation;
    }

    private void compact() {
        int w = 1;
        for (int i = 1; i <= count; i++) {
            if (slots[i] != null) {
                events[w] = events[i];
                slots[w] = slots[i];
                generations[w] = generations[i];
                w++;
            }
        }
        for (int i = w; i <= count; i++) {
            slots[i] = null;
        }
        count = w - 1;
    }

    private void signal() {
        // one WSASetEvent per wake, however many submissions arrive before it is seen
        if (Thread.currentThread() != this && wakePending.compareAndSet(false, true)) {
            ws.setEvent(wake);
        }
    }
}
