package io.overlap.winsock;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Manual-reset events in memory whose {@link #waitAny} really blocks, as
 * {@code WSAWaitForMultipleEvents} does: the events of {@link FakeWinsock} and of
 * {@link EmulatedWinsock}. Its lock and condition are public to the package so that a fake can
 * make its own state changes and their signals one step.
 */
final class EventTable {
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    private final Map<Long, Boolean> events = new HashMap<>(); // handle -> signalled
    /** Completion routines queued per thread, as Windows queues their APCs to the starting thread. */
    private final Map<Thread, java.util.ArrayDeque<long[]>> routines = new HashMap<>();
    private int routinesQueued;
    private int blockedWaits;
    private int blockingWaitsReturned;

    /** @param handle a new event, not signalled */
    void add(long handle) {
        lock.lock();
        try {
            events.put(handle, false);
        } finally {
            lock.unlock();
        }
    }

    /** @return false if the event is unknown or closed (then nothing changes) */
    boolean set(long event) {
        return put(event, true);
    }

    /** @return false if the event is unknown or closed */
    boolean reset(long event) {
        return put(event, false);
    }

    /** @return false if the event was unknown or closed already */
    boolean close(long event) {
        lock.lock();
        try {
            return events.remove(event) != null;
        } finally {
            lock.unlock();
        }
    }

    boolean isOpen(long event) {
        lock.lock();
        try {
            return events.containsKey(event);
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    /** @return threads blocked in an untimed or timed (non-zero) wait now */
    int blockedWaits() {
        lock.lock();
        try {
            return blockedWaits;
        } finally {
            lock.unlock();
        }
    }

    /** @return how many waits that blocked have returned a signalled event */
    int blockingWaitsReturned() {
        lock.lock();
        try {
            return blockingWaitsReturned;
        } finally {
            lock.unlock();
        }
    }

    private boolean put(long event, boolean signalled) {
        lock.lock();
        try {
            if (!events.containsKey(event)) {
                return false;
            }
            events.put(event, signalled);
            if (signalled) {
                changed.signalAll();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a completion routine to the thread that started its operation: it runs only in
     * that thread's next (or current) alertable wait.
     */
    void queueRoutine(Thread starter, long context, int error, long bytes) {
        lock.lock();
        try {
            routines.computeIfAbsent(starter, t -> new java.util.ArrayDeque<>()).add(new long[] {context, error, bytes});
            routinesQueued++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @return how many routines were queued so far */
    int routinesQueued() {
        lock.lock();
        try {
            return routinesQueued;
        } finally {
            lock.unlock();
        }
    }

    /** {@link Winsock#waitAlertable}: the calling thread's routines run (outside the lock) and it returns. */
    int waitAlertable(long[] handles, int from, int count, int timeoutMillis, Winsock.RoutineSink sink) {
        java.util.ArrayDeque<long[]> due = new java.util.ArrayDeque<>();
        int r = wait(handles, from, count, timeoutMillis, due);
        for (long[] d : due) {
            sink.completed(d[0], (int) d[1], d[2]);
        }
        return r;
    }

    /** {@link Winsock#waitAny}, with its contract. */
    int waitAny(long[] handles, int from, int count, int timeoutMillis) {
        return wait(handles, from, count, timeoutMillis, null);
    }

    /** Waits for an event, or (alertable, when {@code due} is given) for a routine queued to this thread. */
    private int wait(long[] handles, int from, int count, int timeoutMillis, java.util.ArrayDeque<long[]> due) {
        if (count < 1 || count > 64) {
            throw new IllegalStateException("WSAWaitForMultipleEvents with " + count + " events");
        }
        lock.lock();
        try {
            long deadline = timeoutMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis) : 0;
            boolean blocked = false;
            try {
                while (true) {
                    java.util.ArrayDeque<long[]> mine = due != null ? routines.remove(Thread.currentThread()) : null;
                    if (mine != null) {
                        due.addAll(mine);
                        return Winsock.WAIT_IO_COMPLETION;
                    }
                    for (int i = 0; i < count; i++) {
                        Boolean s = events.get(handles[from + i]);
                        if (s == null) {
                            throw new IllegalStateException("WSAWaitForMultipleEvents on a closed event " + handles[from + i]);
                        }
                        if (s) {
                            if (blocked) {
                                blockingWaitsReturned++;
                            }
                            return i;
                        }
                    }
                    if (timeoutMillis == 0) {
                        return Winsock.WAIT_TIMEOUT;
                    }
                    if (!blocked) {
                        blocked = true;
                        blockedWaits++;
                        changed.signalAll();
                    }
                    if (timeoutMillis == Winsock.INFINITE) {
                        changed.awaitUninterruptibly();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return Winsock.WAIT_TIMEOUT;
                        }
                        changed.awaitNanos(left);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                if (blocked) {
                    blockedWaits--;
                }
            }
        } finally {
            lock.unlock();
        }
    }
}
