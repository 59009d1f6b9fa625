package io.overlap.spi;

import static io.overlap.spi.Checks.checkArgument;

import io.overlap.Completion;
import io.overlap.CompletionQueue;
import io.overlap.OpKind;
import io.overlap.ProactorClosedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The completion queue: an intrusive multi-producer FIFO through {@link Operation#completionNext}
 * (D. Vyukov's node-based MPSC queue, with a stub node), so queueing allocates nothing.
 *
 * <p>Producers never lock: a chain (one backend loop turn's completions, or one completion made on
 * a submitting thread) goes in with one counter add, one exchange of the tail and one link store,
 * and costs no signal unless a consumer is parked. The exchange orders chains, so what one
 * producer offers comes out in the order it was offered.
 *
 * <p>Consumers take from the head under {@link #takeLock}, which only consumers contend for; one
 * acquisition takes one completion or a whole batch. A consumer that finds nothing spins briefly
 * (on a machine with more than one CPU), then parks on a stack of {@link Waiter}s.
 *
 * <p>Wake-up rule: a producer wakes one parked consumer per chain, however long, and a consumer
 * that takes from a queue that still holds completions wakes one more. A batch of N so wakes up to
 * min(N, waiters) consumers, one at a time and only while there is work left for the next one:
 * consumers stay busy without a herd of threads racing for one completion, and a
 * {@code drain} that takes the whole batch wakes nobody else. A consumer woken and then
 * interrupted passes its wake-up on if work is still there; {@link #close} wakes every one.
 *
 * <p>Why no wake-up is lost: a parking consumer pushes its waiter, then looks at {@link #offered};
 * a producer counts its chain into {@code offered}, then looks at {@link #waiters}. Both are
 * volatile, so at least one of the two sees the other: either the consumer finds the work and
 * does not park, or the producer finds a waiter to wake.
 *
 * <p>Parking allocates nothing: each thread has one {@link Waiter}, reused for every wait on every
 * queue. It is in a queue's stack exactly while its thread waits there and nobody has woken it; it
 * is popped by whoever wakes it or taken out by its own thread (timeout, interrupt, work found)
 * before the wait returns, so it is never in two stacks. A reused node would make a lock-free
 * stack's pops unsafe (ABA), so the stack is guarded by {@link #waiterLock}, which only parking
 * consumers and producers that find a waiter take; a producer's check for waiters is one volatile
 * read.
 */
final class LinkedCompletionQueue implements CompletionQueue {
    /**
     * Spins before parking: 200 rounds of {@link Thread#onSpinWait()} (2.9 µs on the machine of
     * BENCHMARKS.md's last section; a pause's length depends on the CPU), long enough for
     * a loop turn's next completion to come on another CPU, short enough not to steal a busy
     * machine's time; none on a single CPU, where the producer cannot run while we spin.
     */
    private static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 200 : 0;
    /** Spins on a producer between its exchange and its link before yielding to it. */
    private static final int LINK_SPINS = 64;

    /** This thread's waiter; looked up only when it parks. */
    private static final ThreadLocal<Waiter> WAITER = ThreadLocal.withInitial(() -> new Waiter(Thread.currentThread()));

    private static final VarHandle NEXT;
    private static final VarHandle TAIL;
    private static final VarHandle OFFERED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NEXT = l.findVarHandle(Operation.class, "completionNext", Operation.class);
            TAIL = l.findVarHandle(LinkedCompletionQueue.class, "tail", Operation.class);
            OFFERED = l.findVarHandle(LinkedCompletionQueue.class, "offered", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Stands in the queue when it would otherwise hold none, so producers never see an empty one. */
    private final Operation stub = new Operation(0, OpKind.SEND, null, null, null, 0, null);
    private final ReentrantLock takeLock = new ReentrantLock();
    /** The oldest node (the stub or a completion); guarded by {@link #takeLock}. */
    private Operation head = stub;
    /** The newest node; producers exchange it. */
    private volatile Operation tail = stub;
    /** Guards the stack {@link #waiters} and the links and flags of the waiters in it. */
    private final Object waiterLock = new Object();
    /**
     * Parked consumers not yet woken, newest first (the one woken next is the one most recently
     * running); written under {@link #waiterLock}, read without it to see whether anyone waits.
     */
    private volatile Waiter waiters;
    /**
     * Completions counted in before they are linked, so that {@code offered - taken} is never
     * below what can be taken.
     */
    private volatile long offered;
    /** Completions taken; written under {@link #takeLock}. */
    private volatile long taken;
    private volatile boolean closed;

    /** Appends a chain linked through {@code completionNext}, {@code first} to {@code last}. */
    void offerChain(Operation first, Operation last, int count) {
        last.completionNext = null;
        OFFERED.getAndAdd(this, (long) count);
        Operation prev = (Operation) TAIL.getAndSet(this, last);
        // between the exchange and this store the chain is not reachable yet: a consumer that
        // meets this gap waits for it (awaitLink)
        NEXT.setRelease(prev, first);
        // after the exchange: a consumer that parked before it is seen here, one that parks after
        // it sees the new tail before parking (see await)
        if (waiters != null) {
            wakeOne();
        }
    }

    void offer(Operation op) {
        offerChain(op, op, 1);
    }

    /** Wakes every waiting consumer; once empty, take() fails and timed waits return at once. */
    void close() {
        closed = true;
        synchronized (waiterLock) {
            Waiter w = waiters;
            waiters = null;
            while (w != null) {
                Waiter next = w.next;
                // under the lock: once released, w may be pushed on another queue's stack
                LockSupport.unpark(release(w));
                w = next;
            }
        }
    }

    @Override
    public Completion poll() {
        return nothingOffered() ? null : detach(1);
    }

    @Override
    public Completion poll(long timeout, TimeUnit unit) throws InterruptedException {
        return await(1, unit.toNanos(timeout), true);
    }

    @Override
    public Completion take() throws InterruptedException {
        Operation op = await(1, 0, false);
        if (op == null) {
            throw new ProactorClosedException("the proactor is closed and every completion has been taken");
        }
        return op;
    }

    @Override
    public int drain(Consumer<? super Completion> consumer, int max) {
        checkDrainArgs(consumer, max);
        return nothingOffered() ? 0 : handOver(detach(max), consumer);
    }

    @Override
    public int drain(Consumer<? super Completion> consumer, int max, long timeout, TimeUnit unit)
            throws InterruptedException {
        checkDrainArgs(consumer, max);
        return handOver(await(max, unit.toNanos(timeout), true), consumer);
    }

    @Override
    public int size() {
        long t = taken;
        return (int) Math.max(0, offered - t);
    }

    private boolean nothingOffered() {
        return offered == taken;
    }

    private static void checkDrainArgs(Consumer<? super Completion> consumer, int max) {
        if (consumer == null) {
            throw new NullPointerException("consumer");
        }
        checkArgument(max >= 1, "max must be at least 1, was %s", max);
    }

    /**
     * Takes up to {@code max}, spinning then parking until at least one is there, the time is up
     * ({@code timed}) or the queue is closed.
     *
     * @return a chain ending with a null link, or null if none came (or closed and empty)
     */
    private Operation await(int max, long nanos, boolean timed) throws InterruptedException {
        Operation chain = nothingOffered() ? null : detach(max);
        long deadline = timed ? System.nanoTime() + nanos : 0; // may wrap: compare differences only
        for (int i = 0; chain == null && i < SPINS && !closed && (!timed || deadline - System.nanoTime() > 0); i++) {
            Thread.onSpinWait();
            if (!nothingOffered()) {
                chain = detach(max);
            }
        }
        while (chain == null) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (timed) {
                nanos = deadline - System.nanoTime();
            }
            if (closed || (timed && nanos <= 0)) {
                return null;
            }
            park(timed, deadline);
            chain = detach(max);
            if (chain == null && !nothingOffered()) {
                Thread.yield(); // a producer has counted its chain in but not yet put it in
            }
        }
        return chain;
    }

    /**
     * Parks this thread until it is woken, work is offered, the queue is closed or the time is up;
     * its waiter is out of the stack when this returns, so that taking (which may wake one more)
     * never wakes itself.
     *
     * @throws InterruptedException if interrupted while parked
     */
    private void park(boolean timed, long deadline) throws InterruptedException {
        Waiter w = WAITER.get();
        push(w);
        boolean interrupted = false;
        boolean woken;
        try {
            // pushed before this look at the count: a producer that this look misses sees w
            while (nothingOffered() && !closed && w.waiting) {
                if (timed) {
                    long nanos = deadline - System.nanoTime();
                    if (nanos <= 0) {
                        break;
                    }
                    LockSupport.parkNanos(this, nanos);
                } else {
                    LockSupport.park(this);
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                    break;
                }
            }
        } finally {
            woken = leave(w);
        }
        if (interrupted) {
            if (woken && !nothingOffered()) {
                wakeOne(); // the wake-up was meant for work that is still there: pass it on
            }
            throw new InterruptedException();
        }
    }

    /**
     * Unlinks up to {@code max} from the head in one hold of {@link #takeLock}, and wakes the next
     * waiter if some are left.
     *
     * @return a chain ending with a null link, or null if the queue is empty
     */
    private Operation detach(int max) {
        Operation first = null;
        Operation last = null;
        int n = 0;
        boolean more;
        takeLock.lock();
        try {
            Operation op;
            while (n < max && (op = unlinkHead()) != null) {
                if (last == null) {
                    first = op;
                } else {
                    last.completionNext = op;
                }
                last = op;
                n++;
            }
            if (n > 0) {
                taken += n;
            }
            more = n > 0 && !emptyLocked();
        } finally {
            takeLock.unlock();
        }
        if (more && waiters != null) {
            wakeOne();
        }
        return first;
    }

    /** With {@link #takeLock} held: the oldest completion, unlinked, or null if there is none. */
    private Operation unlinkHead() {
        Operation h = head;
        Operation n = (Operation) NEXT.getAcquire(h);
        if (h == stub) {
            if (n == null) {
                if (tail == stub) {
                    return null;
                }
                n = awaitLink(stub);
            }
            // no producer writes the stub's link again until it is put back: drop it, so that
            // the stub does not keep a taken completion (and its attachment) reachable
            stub.completionNext = null;
            head = n;
            h = n;
            n = (Operation) NEXT.getAcquire(n);
        }
        if (n == null) {
            if (tail == h) {
                // h is the newest: the stub goes in behind it so that h can leave
                stub.completionNext = null;
                Operation prev = (Operation) TAIL.getAndSet(this, stub);
                NEXT.setRelease(prev, stub);
            }
            n = awaitLink(h);
        }
        head = n;
        h.completionNext = null;
        return h;
    }

    /** With {@link #takeLock} held: true if no completion is linked or on its way in. */
    private boolean emptyLocked() {
        return head == stub && NEXT.getAcquire(stub) == null && tail == stub;
    }

    /**
     * Waits for the link out of {@code node}, which a producer has exchanged the tail past but not
     * yet stored: a few instructions away, unless that producer was descheduled in between.
     */
    private static Operation awaitLink(Operation node) {
        Operation n;
        for (int spins = 0; (n = (Operation) NEXT.getAcquire(node)) == null; spins++) {
            if (spins < LINK_SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return n;
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

    /** Puts a detached chain back at the head, ahead of everything else. */
    private void putBackFirst(Operation chain) {
        Operation last = chain;
        int n = 1;
        while (last.completionNext != null) {
            last = last.completionNext;
            n++;
        }
        takeLock.lock();
        try {
            last.completionNext = head;
            head = chain;
            taken -= n;
        } finally {
            takeLock.unlock();
        }
        if (waiters != null) {
            wakeOne();
        }
    }

    private void push(Waiter w) {
        synchronized (waiterLock) {
            assert !w.waiting : "a thread's waiter is in two stacks";
            w.next = waiters;
            w.waiting = true;
            waiters = w;
        }
    }

    /** Wakes the most recently parked consumer, if any. */
    private void wakeOne() {
        Thread thread;
        synchronized (waiterLock) {
            Waiter w = waiters;
            if (w == null) {
                return;
            }
            waiters = w.next;
            thread = release(w);
        }
        // a late unpark is harmless: every park re-checks why it should wait
        LockSupport.unpark(thread);
    }

    /**
     * With {@link #waiterLock} held: marks a waiter just unlinked from the stack as woken.
     *
     * @return its thread, to unpark
     */
    private static Thread release(Waiter w) {
        Thread thread = w.thread;
        w.next = null;
        w.waiting = false; // last: its thread may reuse w as soon as it sees this
        return thread;
    }

    /**
     * Takes this thread's waiter out of the stack unless somebody woke it.
     *
     * @return true if it was woken (popped by a producer, a consumer or close)
     */
    private boolean leave(Waiter w) {
        if (!w.waiting) {
            return true; // only its own thread takes it out without waking it, and that is us
        }
        synchronized (waiterLock) {
            if (!w.waiting) {
                return true;
            }
            Waiter prev = null;
            for (Waiter x = waiters; x != w; x = x.next) {
                prev = x;
            }
            if (prev == null) {
                waiters = w.next;
            } else {
                prev.next = w.next;
            }
            w.next = null;
            w.waiting = false;
            return false;
        }
    }

    /** How many consumers are parked and not yet woken; for tests. */
    int parkedConsumers() {
        int n = 0;
        synchronized (waiterLock) {
            for (Waiter w = waiters; w != null; w = w.next) {
                n++;
            }
        }
        return n;
    }

    /** A thread's parked state, reused for each of its waits on any queue. */
    private static final class Waiter {
        final Thread thread;
        /** The next older waiter in the stack this one is in; guarded by that queue's lock. */
        Waiter next;
        /** True exactly while in a stack; set under that queue's lock, read by its own thread. */
        volatile boolean waiting;

        Waiter(Thread thread) {
            this.thread = thread;
        }
    }
}
