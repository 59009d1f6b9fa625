package io.overlap.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The timeouts of one I/O thread: a binary min-heap of operations by deadline, each knowing its
 * index so that a completed operation leaves in O(log n). The I/O thread arms an operation when
 * it takes it in, gives {@link #nanosToNext()} to its own wait, and {@link #expire expires} what
 * is due after each wait; the core takes an operation out when it completes, on whatever thread
 * that happens. Only operations with a timeout ever touch it, so its lock costs the others
 * nothing.
 */
public final class Deadlines {
    private Operation[] heap = new Operation[16];
    private int size;

    /** An empty heap, for one I/O thread. */
    public Deadlines() {
    }

    /**
     * Starts an operation's timeout, counted from now; does nothing for an operation without
     * one, or one that has already completed.
     *
     * @param op an operation taken in by this heap's thread
     */
    public void arm(Operation op) {
        long t = op.timeoutNanos();
        if (t <= 0) {
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (op.isDone() || op.timers() != null) {
                return; // completed already, or armed before (a resubmitted phase of the same op)
            }
            op.setDeadline(t > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + t);
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            heap[size] = op;
            op.setTimerIndex(size);
            siftUp(size++);
            op.setTimers(this); // last: the core's disarm sees it only once it is in the heap
        }
    }

    /** @return nanoseconds until the earliest deadline (0 if one has passed), or -1 when none is armed */
    public synchronized long nanosToNext() {
        if (size == 0) {
            return -1;
        }
        return Math.max(0, heap[0].deadline() - System.nanoTime());
    }

    /**
     * @param nanos a wait's length from {@link #nanosToNext()}, -1 for none
     * @return the same in whole milliseconds, rounded up so a wait never ends early; 0 stays 0
     *     and -1 stays -1
     */
    public static long toWaitMillis(long nanos) {
        if (nanos <= 0) {
            return nanos;
        }
        return nanos / 1_000_000 + (nanos % 1_000_000 == 0 ? 0 : 1);
    }

    /**
     * Takes out every operation whose deadline has passed and hands each to {@code onExpired}
     * (outside the lock). The operation is still pending unless it completed meanwhile: the
     * backend ends it with {@code TIMED_OUT} the way it cancels, which ignores a completed one.
     *
     * @param onExpired what ends a timed-out operation
     * @return how many expired
     */
    public int expire(Consumer<Operation> onExpired) {
        List<Operation> due = null;
        long now = System.nanoTime();
        synchronized (this) {
            while (size > 0 && heap[0].deadline() - now <= 0) {
                Operation op = heap[0];
                removeLocked(op);
                if (!op.isDone()) {
                    if (due == null) {
                        due = new ArrayList<>();
                    }
                    due.add(op);
                }
            }
        }
        if (due == null) {
            return 0;
        }
        due.forEach(onExpired);
        return due.size();
    }

    /**
     * Takes out every armed operation (at close) and hands each still pending to {@code each}.
     *
     * @param each what ends it
     */
    public void clear(Consumer<Operation> each) {
        List<Operation> all = new ArrayList<>();
        synchronized (this) {
            while (size > 0) {
                Operation op = heap[0];
                removeLocked(op);
                all.add(op);
            }
        }
        for (Operation op : all) {
            if (!op.isDone()) {
                each.accept(op);
            }
        }
    }

    /** @return how many operations are armed */
    public synchronized int size() {
        return size;
    }

    /** Called by the core when an operation completes: it leaves the heap it is armed in, if any. */
    static void disarm(Operation op) {
        Deadlines d = op.timers();
        if (d != null) {
            synchronized (d) {
                d.removeLocked(op);
            }
        }
    }

    private void removeLocked(Operation op) {
        int i = op.timerIndex();
        if (i < 0 || i >= size || heap[i] != op) {
            return;
        }
        op.setTimerIndex(-1);
        op.setTimers(null);
        Operation last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.setTimerIndex(i);
            siftDown(i);
            siftUp(last.timerIndex());
        }
    }

    private void siftUp(int i) {
        Operation op = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Operation p = heap[parent];
            if (p.deadline() - op.deadline() <= 0) {
                break;
            }
            heap[i] = p;
            p.setTimerIndex(i);
            i = parent;
        }
        heap[i] = op;
        op.setTimerIndex(i);
    }

    private void siftDown(int i) {
        Operation op = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right].deadline() - heap[child].deadline() < 0) {
                child = right;
            }
            if (op.deadline() - heap[child].deadline() <= 0) {
                break;
            }
            heap[i] = heap[child];
            heap[i].setTimerIndex(i);
            i = child;
        }
        heap[i] = op;
        op.setTimerIndex(i);
    }
}
