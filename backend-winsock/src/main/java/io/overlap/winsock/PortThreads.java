package io.overlap.winsock;

import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.spi.LoopChoice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code iocp} notification model: {@code ProactorConfig.ioThreads()} {@link PortThread}s,
 * each with its own completion port, and no other I/O thread whatever the number of
 * connections. A handle's sockets are associated with its home's port; slots have no event, and
 * a packet names its operation by the address of its slot's overlapped.
 *
 * <p>Where every TCP provider is an IFS one ({@code XP1_IFS_HANDLES}), sockets skip the port on
 * success, so an operation that finishes within its start completes inline, with no packet and
 * no thread hop. Where a layered provider is not (it may queue a packet even then), they do not,
 * and every operation comes back through the port: the documented fallback.
 */
final class PortThreads implements Notifier {
    private static final String PREFIX = "overlap-winsock-";
    private static final AtomicInteger PROACTORS = new AtomicInteger();

    private final Winsock ws;
    private final FaultInjector faults;
    private final String prefix;
    private final boolean skipOnSuccess;
    private final List<PortThread> threads = new ArrayList<>();
    private final LoopChoice<IoThread> homes;
    private final SlotsByAddress byOverlapped = new SlotsByAddress();

    PortThreads(WaiterDriver driver, Winsock ws, Object owner, int count, FaultInjector faults) throws IOException {
        this.ws = ws;
        this.faults = faults;
        this.prefix = PREFIX + PROACTORS.incrementAndGet() + "-";
        this.skipOnSuccess = ws.skipOnSuccessSafe(false) && ws.skipOnSuccessSafe(true);
        try {
            for (int i = 0; i < count; i++) {
                threads.add(new PortThread(driver, this, ws, owner, prefix + "port-" + i, ws.createPort()));
            }
        } catch (IOException | RuntimeException e) {
            threads.forEach(t -> ws.closePort(t.port()));
            throw e;
        }
        homes = new LoopChoice<>(new ArrayList<>(threads), IoThread::isDead);
    }

    /** @return true if sockets skip the port on success (every provider is an IFS one) */
    boolean skipsOnSuccess() {
        return skipOnSuccess;
    }

    /** @return the slot whose overlapped is at {@code address}, or null */
    Slot slotAt(long address) {
        return byOverlapped.get(address);
    }

    /** @return the slots {@code t} started that the kernel still has (its death reclaims them) */
    List<Slot> startedBy(PortThread t) {
        List<Slot> out = new ArrayList<>();
        for (Slot s : byOverlapped.all()) { // each slot's own lock taken outside the table's
            synchronized (s) {
                if (s.starter == t && s.state == Slot.PENDING) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    @Override
    public void start() {
        threads.forEach(Thread::start);
    }

    @Override
    public IoThread nextHome() {
        return homes.next();
    }

    /** The operation's packet comes to the port of the thread that starts it: that thread is its place. */
    @Override
    public Place reserve(IoThread current, Slot s) throws IOException {
        FaultInjector.check(faults, FaultPoint.REGISTER, "completion port entry");
        return (PortThread) current;
    }

    @Override
    public Slot newSlot(Winsock.Block block) {
        Slot s = new Slot(block, 0);
        byOverlapped.put(ws.overlappedAddress(block), s);
        return s;
    }

    @Override
    public void freeSlot(Slot s) {
        byOverlapped.remove(ws.overlappedAddress(s.block));
    }

    @Override
    public void beforeStart(Slot s) {
        // no event to reset: the packet is the notification
    }

    @Override
    public void register(long socket, IoThread home) throws IOException {
        ws.associate(((PortThread) home).port(), socket);
        if (skipOnSuccess) {
            ws.skipOnSuccess(socket);
        }
    }

    @Override
    public boolean completesInline() {
        return skipOnSuccess;
    }

    @Override
    public void died(IoThread t) {
        // LoopChoice skips it as a home; its port is closed at stop
    }

    @Override
    public void wakeHomes() {
        for (PortThread t : threads) {
            if (!t.isDead()) {
                t.wakeUp();
            }
        }
    }

    @Override
    public boolean stopAndJoin(long timeoutMillis) {
        threads.forEach(IoThread::requestStop);
        boolean all = IoThread.joinAll(threads, ws, timeoutMillis);
        if (all) {
            threads.forEach(t -> ws.closePort(t.port()));
        }
        return all;
    }

    @Override
    public String prefix() {
        return prefix;
    }

    @Override
    public int threadCount() {
        int n = 0;
        for (PortThread t : threads) {
            n += t.isAlive() && !t.isDead() ? 1 : 0;
        }
        return n;
    }
}
