package io.overlap.winsock;

import io.overlap.spi.FaultInjector;
import io.overlap.spi.LoopChoice;
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code event} notification model: the waiter threads of one proactor, a fixed set of
 * primaries (home threads that start operations) and extra waiters added when every waiter's
 * set is full, retired when idle. Each slot has its own event. A waiter that died is out of
 * service: it is nobody's home and takes no operation.
 */
class Waiters implements Notifier {
    private static final String PREFIX = "overlap-winsock-";
    private static final AtomicInteger PROACTORS = new AtomicInteger();

    private final WaiterDriver driver;
    final Winsock ws;
    private final Object owner;
    private final int idleMillis;
    final FaultInjector faults;
    private final String prefix;
    private final List<Waiter> primaries = new ArrayList<>();
    private final CopyOnWriteArrayList<Waiter> active = new CopyOnWriteArrayList<>();
    private final List<Waiter> started = new ArrayList<>(); // every thread ever started, to join
    private final List<Waiter> dead = new ArrayList<>(); // out of service; their wake events close at stop
    private final LoopChoice<Waiter> homes;
    private int extraSeq;
    private boolean stopped;

    Waiters(WaiterDriver driver, Winsock ws, Object owner, int primaryCount, int idleMillis, FaultInjector faults)
            throws IOException {
        this(driver, ws, owner, primaryCount, idleMillis, faults, false);
    }

    /** @param routines true if the primaries start operations with completion routines ({@link RoutineWaiters}) */
    Waiters(WaiterDriver driver, Winsock ws, Object owner, int primaryCount, int idleMillis, FaultInjector faults,
            boolean routines) throws IOException {
        this.driver = driver;
        this.ws = ws;
        this.owner = owner;
        this.idleMillis = idleMillis;
        this.faults = faults;
        this.prefix = PREFIX + PROACTORS.incrementAndGet() + "-";
        try {
            for (int i = 0; i < primaryCount; i++) {
                primaries.add(new Waiter(driver, this, ws, owner, prefix + "io-" + i, true, ws.createEvent(), idleMillis,
                        routines ? new RoutineTable() : null));
            }
        } catch (IOException | RuntimeException e) {
            primaries.forEach(w -> ws.closeEvent(w.wakeEvent()));
            throw e;
        }
        homes = new LoopChoice<>(primaries, Waiter::isDead);
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public synchronized void start() {
        for (Waiter w : primaries) {
            active.add(w);
            started.add(w);
            w.start();
        }
    }

    @Override
    public Waiter nextHome() {
        return homes.next();
    }

    @Override
    public synchronized void died(IoThread t) {
        if (t instanceof Waiter w && active.remove(w)) {
            dead.add(w);
        }
        notifyAll();
    }

    /**
     * Takes a place in some waiter's set for an operation about to start: the calling primary's
     * own when it has room, else another waiter's, else a new waiter's. Taken before the start,
     * so a started operation always has a waiter.
     *
     * @param current the primary that will start it (the calling thread)
     * @return the waiter whose place was taken; {@link Waiter#adopt} or {@link Waiter#unreserve} it
     * @throws java.io.IOException if a new waiter is needed and cannot be made
     */
    @Override
    public Notifier.Place reserve(IoThread current, Slot s) throws IOException {
        FaultInjector.check(faults, FaultPoint.REGISTER, "wait-set entry");
        if (current instanceof Waiter own && own.tryReserve()) {
            return own;
        }
        for (Waiter w : active) {
            if (w.tryReserve()) {
                return w;
            }
        }
        return startExtra();
    }

    /** @return true if {@code w} was idle and is now retired (its thread then ends) */
    synchronized boolean retire(Waiter w) {
        if (stopped || !w.retireIfIdle()) {
            return false;
        }
        active.remove(w);
        ws.closeEvent(w.wakeEvent()); // nobody signals it now: no place is left, stop is not reached
        notifyAll(); // for awaitThreadsAtMost
        return true;
    }

    @Override
    public void wakeHomes() {
        for (Waiter w : primaries) {
            if (!w.isDead()) {
                w.wakeUp();
            }
        }
    }

    @Override
    public boolean stopAndJoin(long timeoutMillis) {
        List<Waiter> toJoin;
        synchronized (this) {
            stopped = true;
            for (Waiter w : active) {
                w.requestStop();
            }
            toJoin = new ArrayList<>(started);
        }
        boolean all = IoThread.joinAll(toJoin, ws, timeoutMillis);
        if (all) {
            synchronized (this) {
                for (Waiter w : active) {
                    ws.closeEvent(w.wakeEvent());
                }
                for (Waiter w : dead) {
                    ws.closeEvent(w.wakeEvent());
                }
                active.clear();
                dead.clear();
            }
        }
        return all;
    }

    /**
     * Waits until at least {@code n} waiters run (tests use it to see growth without polling).
     *
     * @param n how many
     * @param millis the bound
     * @return true if reached
     * @throws InterruptedException if interrupted
     */
    synchronized boolean awaitThreads(int n, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (active.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * Waits until at most {@code n} waiters run (tests use it to see idle ones retire).
     *
     * @param n how many
     * @param millis the bound
     * @return true if reached
     * @throws InterruptedException if interrupted
     */
    synchronized boolean awaitThreadsAtMost(int n, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (active.size() > n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public int threadCount() {
        return active.size();
    }

    @Override
    public Slot newSlot(Winsock.Block block) throws IOException {
        return new Slot(block, ws.createEvent());
    }

    @Override
    public void freeSlot(Slot s) {
        ws.closeEvent(s.event);
    }

    /**
     * Nothing: the start itself resets the slot's event (the kernel does, for every overlapped call
     * given an event), so a signal left from its last operation cannot be taken for this one.
     */
    @Override
    public void beforeStart(Slot s) {
    }

    @Override
    public void register(long socket, IoThread home) {
        // events need nothing of the socket
    }

    /** A start that finished at once still signals its event: its waiter sees it like any other. */
    @Override
    public boolean completesInline() {
        return false;
    }

    private synchronized Waiter startExtra() throws IOException {
        for (Waiter w : active) { // another thread may have made room meanwhile
            if (w.tryReserve()) {
                return w;
            }
        }
        if (stopped) {
            throw new IOException("the proactor is closing");
        }
        started.removeIf(t -> {
            if (t.isAlive()) {
                return false;
            }
            ws.awaitThreadEnd(t.osThread(), 1_000); // a retired waiter, ended or just ending
            return true;
        });
        // a thread that cannot be made fails the one operation that needed it (an IOException, as
        // when the kernel refuses a start): it never started, and no waiter has room to wait for it
        long wake = ws.createEvent();
        Waiter w = new Waiter(driver, this, ws, owner, prefix + "waiter-" + (++extraSeq), false, wake, idleMillis);
        w.tryReserve();
        boolean running = false;
        try {
            FaultInjector.check(faults, FaultPoint.THREAD_START, "Thread.start");
            w.start();
            running = true;
        } catch (OutOfMemoryError | RuntimeException e) {
            throw new IOException("cannot start a waiter thread: " + e, e);
        } finally {
            if (!running) {
                ws.closeEvent(wake);
            }
        }
        active.add(w);
        started.add(w);
        notifyAll(); // for awaitThreads
        return w;
    }
}
