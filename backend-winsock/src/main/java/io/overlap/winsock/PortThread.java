package io.overlap.winsock;

import io.overlap.spi.CompletionBatch;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code iocp} model's I/O thread: a primary with its own completion port. The sockets of
 * the handles homed here are associated with that port, and every operation on them is started
 * here, so their packets come back here too. It takes packets in batches with
 * {@code GetQueuedCompletionStatusEx}, its wait ending at the next timeout; other threads wake it
 * with a packet of its own ({@code PostQueuedCompletionStatus}, one per wake). An operation the
 * kernel finished within its start gets no packet when the port is skipped on success: the
 * {@link Engine} completes it inline.
 */
final class PortThread extends IoThread implements Notifier.Place {
    /** Packets taken per dequeue. */
    static final int BATCH = 64;
    /** A wait that fails this many times in a row is a broken thread, not a passing fault. */
    private static final int WAIT_FAILURES_TO_DIE = 100;
    private static final System.Logger LOG = System.getLogger(PortThread.class.getName());

    private final PortThreads model;
    private final long port;

    // owned by this thread
    private final PortEntries entries = new PortEntries(BATCH);
    /** Operations whose packet is still to come. */
    private int pending;

    PortThread(WaiterDriver driver, PortThreads model, Winsock ws, Object owner, String name, long port) {
        super(driver, ws, owner, name, true, WakeEvent.port(ws, port, name));
        this.model = model;
        this.port = port;
    }

    long port() {
        return port;
    }

    // ---- Place: the operation was started here, on this thread ----

    @Override
    public void adopt(Slot s) {
        pending++; // its packet comes to this port
    }

    @Override
    public void unreserve() {
        // a start that failed, or finished without a packet to come: nothing was counted
    }

    // ---- the model's part of the thread ----

    @Override
    List<Slot> takeStarted() {
        pending = 0;
        return model.startedBy(this);
    }

    @Override
    void loop(CompletionBatch batch) {
        turns(batch);
    }

    @Override
    void released() {
        entries.free(); // after a death's reclaim, which dequeues into them
    }

    /**
     * The started operations' packets come to this thread's own port, which nobody else reads:
     * it cancels them and takes their packets itself, so that no block is freed (and reused)
     * while a packet that names it is still queued, and fails each once its packet is back. What the grace leaves out is reclaimed the
     * common way (failed once the kernel says it is done, else abandoned).
     */
    @Override
    void reclaim(List<Slot> started, String why, CompletionBatch batch) {
        for (Slot s : started) {
            driver.abortFailed(s, s.generation, why);
        }
        Set<Slot> left = Collections.newSetFromMap(new IdentityHashMap<>());
        left.addAll(started);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(driver.reclaimGraceMillis());
        while (!left.isEmpty()) {
            long wait = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (wait <= 0) {
                break;
            }
            int n;
            try {
                n = ws.dequeue(port, entries, (int) Math.min(wait, Integer.MAX_VALUE - 1));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, getName() + ": GetQueuedCompletionStatusEx failed while reclaiming", e);
                break;
            }
            for (int i = 0; i < n; i++) {
                long ov = entries.overlapped(i);
                Slot s = ov != 0 ? model.slotAt(ov) : null;
                if (s != null && left.remove(s)) {
                    // FAILED whatever the packet says: its handles died with this thread, and an
                    // operation the kernel finished OK meanwhile must not come out as if they lived
                    driver.failQueued(s, why, batch);
                }
            }
        }
        super.reclaim(List.copyOf(left), why, batch);
    }

    private void turns(CompletionBatch batch) {
        int waitFailures = 0;
        while (true) {
            boolean more = turn(batch);
            if (stopping && pending == 0 && inbox.isEmpty()) {
                return;
            }
            int n;
            try {
                batch.awaitingIo(); // the busy stretch since the last wait ends (stall events)
                n = ws.dequeue(port, entries, beforeBlocking(more ? 0 : wake.bound(timeout())));
                wake.awake();
                batch.woke();
                waitFailures = 0;
            } catch (RuntimeException e) {
                wake.awake();
                if (++waitFailures >= WAIT_FAILURES_TO_DIE) {
                    throw e;
                }
                LOG.log(System.Logger.Level.WARNING, getName() + ": GetQueuedCompletionStatusEx failed; waiting again", e);
                pause();
                continue;
            }
            for (int i = 0; i < n; i++) {
                long ov = entries.overlapped(i);
                if (ov != 0) { // else a wake-up: the inbox is drained next
                    handle(ov, entries.result(i), batch);
                }
            }
        }
    }

    private void handle(long overlapped, long result, CompletionBatch batch) {
        Slot s = model.slotAt(overlapped);
        if (s == null) {
            // never freed before its packet, so this is a bug: say so, and keep going
            LOG.log(System.Logger.Level.ERROR, getName() + ": a packet for an unknown overlapped 0x"
                    + Long.toHexString(overlapped));
            return;
        }
        pending--;
        kernelDone(s, result, batch);
    }

    /** @return the wait's timeout: to the next deadline, else forever */
    private int timeout() {
        long toNext = millisToNextTimeout();
        return toNext >= 0 ? (int) Math.min(toNext, Integer.MAX_VALUE - 1) : Winsock.INFINITE;
    }
}
