package io.overlap.mutants;

import io.overlap.Completion;
import io.overlap.CompletionQueue;
import io.overlap.ProactorClosedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** The completion queue of a {@link ForwardingProactor}: a plain locked deque with a hook at hand-out. */
final class MutantQueue implements CompletionQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<Completion> items = new ArrayDeque<>();
    private final UnaryOperator<Completion> onTake;
    private boolean closed;

    MutantQueue(UnaryOperator<Completion> onTake) {
        this.onTake = onTake;
    }

    void offer(Completion c) {
        lock.lock();
        try {
            items.add(c);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

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
        Completion c;
        lock.lock();
        try {
            c = items.poll();
        } finally {
            lock.unlock();
        }
        return c == null ? null : onTake.apply(c);
    }

    @Override
    public Completion poll(long timeout, TimeUnit unit) throws InterruptedException {
        Completion c;
        lock.lockInterruptibly();
        try {
            c = awaitFirst(unit.toNanos(timeout)) ? items.poll() : null;
        } finally {
            lock.unlock();
        }
        return c == null ? null : onTake.apply(c);
    }

    @Override
    public Completion take() throws InterruptedException {
        Completion c;
        lock.lockInterruptibly();
        try {
            while (items.isEmpty()) {
                if (closed) {
                    throw new ProactorClosedException("the proactor is closed and every completion has been taken");
                }
                notEmpty.await();
            }
            c = items.poll();
        } finally {
            lock.unlock();
        }
        return onTake.apply(c);
    }

    @Override
    public int drain(Consumer<? super Completion> consumer, int max) {
        return handOver(takeUpTo(max, 0), consumer);
    }

    @Override
    public int drain(Consumer<? super Completion> consumer, int max, long timeout, TimeUnit unit)
            throws InterruptedException {
        return handOver(takeUpTo(max, unit.toNanos(timeout)), consumer);
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    private List<Completion> takeUpTo(int max, long nanos) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        List<Completion> out = new ArrayList<>();
        lock.lock();
        try {
            if (awaitFirst(nanos)) {
                while (out.size() < max && !items.isEmpty()) {
                    out.add(items.poll());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        return out;
    }

    /** Waits (lock held) until an item is there; false on timeout or when closed and empty. */
    private boolean awaitFirst(long nanos) throws InterruptedException {
        while (items.isEmpty()) {
            if (closed || nanos <= 0) {
                return false;
            }
            nanos = notEmpty.awaitNanos(nanos);
        }
        return true;
    }

    private int handOver(List<Completion> batch, Consumer<? super Completion> consumer) {
        for (Completion c : batch) {
            consumer.accept(onTake.apply(c));
        }
        return batch.size();
    }
}
