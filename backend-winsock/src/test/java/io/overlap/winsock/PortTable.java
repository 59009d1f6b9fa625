package io.overlap.winsock;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Completion ports for the fakes ({@link FakeWinsock}, {@link EmulatedWinsock}): packet queues
 * that really block and wake {@link #dequeue}, each socket's association, and which sockets skip
 * the port on success. It shares its fake's event lock, so a completion that queues a packet and
 * a test that waits for blocked threads see one state. Breaches of the kernel's rules (a second
 * association, a packet to a closed port, a port closed with operations' packets in it) go to
 * the fake's violations.
 */
final class PortTable {
    private static final int ERROR_INVALID_PARAMETER = 87;

    private final ReentrantLock lock;
    private final Condition changed;
    private final Consumer<String> violations;
    private final Map<Long, ArrayDeque<long[]>> queues = new HashMap<>();
    private final Map<Long, Long> portOf = new HashMap<>();
    private final Set<Long> skipping = new HashSet<>();
    private int blockedWaits;
    private int packets;

    PortTable(EventTable events, Consumer<String> violations) {
        this.lock = events.lock;
        this.changed = events.changed;
        this.violations = violations;
    }

    void create(long port) {
        locked(() -> queues.put(port, new ArrayDeque<>()));
    }

    void associate(long port, long socket) throws WinsockException {
        lock.lock();
        try {
            if (!queues.containsKey(port)) {
                violations.accept("associate with a closed or unknown port " + port);
                throw new WinsockException("CreateIoCompletionPort", ERROR_INVALID_PARAMETER, "no such port");
            }
            if (portOf.putIfAbsent(socket, port) != null) {
                throw new WinsockException("CreateIoCompletionPort", ERROR_INVALID_PARAMETER, "already associated");
            }
        } finally {
            lock.unlock();
        }
    }

    void skip(long socket) throws WinsockException {
        lock.lock();
        try {
            if (!portOf.containsKey(socket)) {
                throw new WinsockException("SetFileCompletionNotificationModes", ERROR_INVALID_PARAMETER, "no port");
            }
            skipping.add(socket);
        } finally {
            lock.unlock();
        }
    }

    boolean isAssociated(long socket) {
        return locked(() -> portOf.containsKey(socket));
    }

    /** @return true if an operation on the socket that finishes within its start queues no packet */
    boolean skips(long socket) {
        return locked(() -> skipping.contains(socket));
    }

    /** Queues a finished operation's packet on its socket's port (the socket must have one). */
    void complete(long socket, long overlapped, long result) {
        lock.lock();
        try {
            Long port = portOf.get(socket);
            ArrayDeque<long[]> q = port == null ? null : queues.get(port);
            if (q == null) {
                violations.accept("a completion for socket " + socket + " has no open port");
                return;
            }
            q.add(new long[] {overlapped, result});
            packets++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void wake(long port) {
        lock.lock();
        try {
            ArrayDeque<long[]> q = queues.get(port);
            if (q == null) {
                violations.accept("PostQueuedCompletionStatus on a closed or unknown port " + port);
                throw new IllegalStateException("no such port " + port);
            }
            q.add(new long[] {0, 0});
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int dequeue(long port, PortEntries into, int timeoutMillis) {
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
            while (true) {
                ArrayDeque<long[]> q = queues.get(port);
                if (q == null) {
                    throw new IllegalStateException("GetQueuedCompletionStatusEx on a closed port " + port);
                }
                if (!q.isEmpty()) {
                    int n = 0;
                    for (long[] p; n < into.capacity() && (p = q.poll()) != null; n++) {
                        into.set(n, p[0], p[1]);
                    }
                    return n;
                }
                long left = deadline - System.nanoTime();
                if (timeoutMillis >= 0 && left <= 0) {
                    return 0;
                }
                blockedWaits++;
                changed.signalAll();
                try {
                    if (timeoutMillis < 0) {
                        changed.await();
                    } else {
                        changed.awaitNanos(left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                } finally {
                    blockedWaits--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void close(long port) {
        lock.lock();
        try {
            ArrayDeque<long[]> q = queues.remove(port);
            if (q == null) {
                violations.accept("CloseHandle on a closed or unknown port " + port);
            } else if (q.stream().anyMatch(p -> p[0] != 0)) {
                violations.accept("port closed with packets of operations still queued: " + q.size());
            }
            portOf.values().removeIf(p -> p == port);
        } finally {
            lock.unlock();
        }
    }

    /** The socket was closed: it is no port's any more. */
    void forget(long socket) {
        locked(() -> {
            skipping.remove(socket);
            return portOf.remove(socket);
        });
    }

    int size() {
        return locked(queues::size);
    }

    int blockedWaits() {
        return locked(() -> blockedWaits);
    }

    /** @return the operations' packets queued so far */
    int packets() {
        return locked(() -> packets);
    }

    private <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
