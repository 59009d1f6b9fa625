package io.overlap.spi;

import static io.overlap.spi.Checks.checkArgument;

import io.overlap.Completion;
import io.overlap.CompletionQueue;
import io.overlap.ProactorClosedException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The completion queue: an intrusive FIFO through {@link Operation#completionNext}, so queueing
 * allocates nothing. Producers hand over whole batches (one lock per backend loop turn);
 * consumers take one or drain many per lock.
 */
final class LinkedCompletionQueue implements CompletionQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private Operation head;
    private Operation tail;
    private volatile int size;
    private int waiters;
    private boolean closed;

    /** Appends a chain linked through {@code completionNext}, {@code first} to {@code last}. */
    void offerChain(Operation first, Operation last, int count) {
        lock.lock();
        try {
            if (tail == null) {
                head = first;
            } else {
                tail.completionNext = first;
            }
            tail = last;
            size += count;
            if (waiters > 0) {
                if (count == 1 || waiters == 1) {
                    notEmpty.signal();
                } else {
                    notEmpty.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void offer(Operation op) {
        offerChain(op, op, 1);
    }

    /** Wakes every waiting consumer; once empty, take() fails and timed waits return at once. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Completion poll() {
        if (size == 0) {
            return null;
        }
        lock.lock();
        try {
            return unlinkFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Completion poll(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            return awaitNonEmpty(unit.toNanos(timeout)) ? unlinkFirst() : null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Completion take() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (head == null) {
                if (closed) {
                    throw new ProactorClosedException("the proactor is closed and every completion has been taken");
                }
                waiters++;
                try {
                    notEmpty.await();
                } finally {
                    waiters--;
                }
            }
            return unlinkFirst();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int drain(Consumer<? super Completion> consumer, int max) {
        checkDrainArgs(consumer, max);
        if (size == 0) {
            return 0;
        }
        Operation chain;
        lock.lock();
        try {
            chain = detach(max);
        } finally {
            lock.unlock();
        }
        return handOver(chain, consumer);
    }

    @Override
    public int drain(Consumer<? super Completion> consumer, int max, long timeout, TimeUnit unit)
            throws InterruptedException {
        checkDrainArgs(consumer, max);
        Operation chain;
        lock.lockInterruptibly();
        try {
            if (!awaitNonEmpty(unit.toNanos(timeout))) {
                return 0;
            }
            chain = detach(max);
        } finally {
            lock.unlock();
        }
        return handOver(chain, consumer);
    }

    @Override
    public int size() {
        return size;
    }

    private static void checkDrainArgs(Consumer<? super Completion> consumer, int max) {
        if (consumer == null) {
            throw new NullPointerException("consumer");
        }
        checkArgument(max >= 1, "max must be at least 1, was %s", max);
    }

    /** With the lock held: waits up to {@code nanos} for a completion; false if none came or closed. */
    private boolean awaitNonEmpty(long nanos) throws InterruptedException {
        while (head == null) {
            if (nanos <= 0 || closed) {
                return false;
            }
            waiters++;
            try {
                nanos = notEmpty.awaitNanos(nanos);
            } finally {
                waiters--;
            }
        }
        return true;
    }

    private Operation unlinkFirst() {
        Operation op = head;
        if (op == null) {
            return null;
        }
        head = op.completionNext;
        if (head == null) {
            tail = null;
        }
        op.completionNext = null;
        size--;
        if (head != null && waiters > 0) {
            notEmpty.signal(); // pass the turn on: a batch may have signalled only one waiter
        }
        return op;
    }

    /** Unlinks up to max from the head; the returned chain ends with a null link, or is null. */
    private Operation detach(int max) {
        Operation first = head;
        if (first == null) {
            return null; // another consumer emptied it since the unlocked size check
        }
        Operation last = first;
        int n = 1;
        while (n < max && last.completionNext != null) {
            last = last.completionNext;
            n++;
        }
        head = last.completionNext;
        if (head == null) {
            tail = null;
        } else if (waiters > 0) {
            notEmpty.signal();
        }
        last.completionNext = null;
        size -= n;
        return first;
    }

    private int handOver(Operation chain, Consumer<? super Completion> consumer) {
        int n = 0;
        Operation op = chain;
        while (op != null) {
            Operation next = op.completionNext;
            op.completionNext = null;
            try {
                consumer.accept(op);
            } catch (RuntimeException | Error e) {
                // the completions not yet handed over must not be lost
                if (next != null) {
                    putBackFirst(next);
                }
                throw e;
            }
            n++;
            op = next;
        }
        return n;
    }

    private void putBackFirst(Operation chain) {
        Operation last = chain;
        int n = 1;
        while (last.completionNext != null) {
            last = last.completionNext;
            n++;
        }
        lock.lock();
        try {
            last.completionNext = head;
            head = chain;
            if (tail == null) {
                tail = last;
            }
            size += n;
            if (waiters > 0) {
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }
}
