package io.overlap.winsock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the operations taken in and not yet completed, so close can wait until the kernel
 * gave every one back, and those completed although their block never came back (leaked on
 * purpose: freeing memory the kernel may still write is worse).
 */
final class Ledger {
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger leaked = new AtomicInteger();
    private final Object lock = new Object();
    private volatile boolean closing;

    void taken() {
        outstanding.incrementAndGet();
    }

    void completed() {
        if (outstanding.decrementAndGet() == 0 && closing) {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    void leaked() {
        leaked.incrementAndGet();
    }

    void beginClosing() {
        closing = true;
    }

    boolean isClosing() {
        return closing;
    }

    int outstanding() {
        return outstanding.get();
    }

    int leakedCount() {
        return leaked.get();
    }

    /** @return true if every operation completed within {@code millis} */
    boolean awaitDrained(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean interrupted = false;
        try {
            synchronized (lock) {
                while (outstanding.get() != 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, left);
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                return true;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
