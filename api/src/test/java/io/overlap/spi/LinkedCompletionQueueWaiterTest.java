package io.overlap.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.Completion;
import io.overlap.OpKind;
import io.overlap.ProactorClosedException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The waiters of {@link LinkedCompletionQueue}: one per thread, reused, in a queue's stack exactly
 * while its thread waits there; no wake-up lost to a timeout or an interrupt; parking allocates
 * nothing.
 */
@Timeout(60)
class LinkedCompletionQueueWaiterTest {
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(20);
    private static final String TIMED_OUT = "timed out";
    private static final String INTERRUPTED = "interrupted";

    private static Operation op(long id) {
        return new Operation(id, OpKind.SEND, null, null, null, 0, null);
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 20 s: " + what);
            }
            Thread.yield();
        }
    }

    private static boolean parked(Thread t) {
        Thread.State s = t.getState();
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    private static void join(Thread t) throws InterruptedException {
        t.join(TimeUnit.NANOSECONDS.toMillis(BOUND_NANOS));
        assertTrue(!t.isAlive(), () -> t.getName() + " did not finish within 20 s");
    }

    @Test
    void a_consumer_that_stops_waiting_leaves_no_waiter_and_can_wait_on_another_queue() throws Exception {
        LinkedCompletionQueue a = new LinkedCompletionQueue();
        LinkedCompletionQueue b = new LinkedCompletionQueue();
        assertNull(a.poll(5, TimeUnit.MILLISECONDS));
        assertEquals(0, a.parkedConsumers(), "a timed-out wait left its waiter");

        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch timedOutOnA = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                try {
                    a.take();
                } catch (InterruptedException expected) {
                    // then the same thread (and waiter) waits on a again, then on b
                }
                outcome.set(a.poll(5, TimeUnit.MILLISECONDS));
                timedOutOnA.countDown();
                outcome.set(b.take());
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "consumer");
        t.setDaemon(true);
        t.start();
        awaitCondition(() -> parked(t) && a.parkedConsumers() == 1, "the consumer parked on a");
        t.interrupt();
        assertTrue(timedOutOnA.await(20, TimeUnit.SECONDS), "the consumer's second wait on a did not end");
        assertNull(outcome.get());
        awaitCondition(() -> parked(t) && b.parkedConsumers() == 1, "the consumer parked on b");
        assertEquals(0, a.parkedConsumers(), "the interrupted and the timed-out waits left their waiter on a");
        Operation forA = op(1);
        a.offer(forA); // nobody waits on a: this must not touch the consumer waiting on b
        assertEquals(1, b.parkedConsumers());
        Operation forB = op(2);
        b.offer(forB);
        join(t);
        assertSame(forB, outcome.get());
        assertEquals(0, b.parkedConsumers());
        assertSame(forA, a.poll());
    }

    @Test
    void close_wakes_a_waiter_that_waited_on_other_queues_before() throws Exception {
        LinkedCompletionQueue first = new LinkedCompletionQueue();
        LinkedCompletionQueue second = new LinkedCompletionQueue();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                first.take();
            } catch (Throwable e) {
                outcome.set(e);
            }
            try {
                second.take();
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "consumer");
        t.setDaemon(true);
        t.start();
        awaitCondition(() -> parked(t) && first.parkedConsumers() == 1, "the consumer parked on the first");
        first.close();
        awaitCondition(() -> parked(t) && second.parkedConsumers() == 1, "the consumer parked on the second");
        assertInstanceOf(ProactorClosedException.class, outcome.get());
        assertEquals(0, first.parkedConsumers());
        second.close();
        join(t);
        assertEquals(0, second.parkedConsumers());
    }

    /** What each long-lived consumer does in one round. */
    private static final class Round {
        final LinkedCompletionQueue q = new LinkedCompletionQueue();
        final long[] timeoutNanos; // negative: take()
        final AtomicReferenceArray<Object> outcome;
        final CountDownLatch done;

        Round(int consumers, SplittableRandom r) {
            timeoutNanos = new long[consumers];
            for (int i = 0; i < consumers; i++) {
                timeoutNanos[i] = r.nextInt(3) == 0 ? r.nextLong(3_000_000) : -1;
            }
            outcome = new AtomicReferenceArray<>(consumers);
            done = new CountDownLatch(consumers);
        }

        void takeOne(int i) {
            Object out;
            try {
                Completion c = timeoutNanos[i] < 0 ? q.take() : q.poll(timeoutNanos[i], TimeUnit.NANOSECONDS);
                out = c == null ? TIMED_OUT : c;
            } catch (InterruptedException e) {
                out = INTERRUPTED;
            } catch (Throwable e) {
                out = e;
            }
            outcome.set(i, out);
            done.countDown();
        }

        String describe() {
            return "outcomes " + outcome + ", " + q.size() + " left, " + q.parkedConsumers() + " parked";
        }
    }

    /**
     * Consumers that live across rounds (so each reuses its waiter on queue after queue) wait once
     * a round, by take() or a short timed poll, while two producers offer one completion per
     * consumer and some consumers are interrupted. A consumer that neither times out nor is
     * interrupted must get a completion, since there is one for each: a wake-up lost to a
     * timeout or an interrupt (or a waiter left in a stack, or in two) leaves it parked with work
     * there, and the round does not end.
     */
    @Test
    void consumers_racing_with_timeouts_and_interrupts_lose_no_wake_up_and_leave_no_waiter() throws Exception {
        int consumers = 6;
        Phaser rounds = new Phaser(consumers + 1);
        AtomicReference<Round> current = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < consumers; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                while (true) {
                    rounds.arriveAndAwaitAdvance();
                    Thread.interrupted(); // an interrupt meant for the last round
                    Round r = current.get();
                    if (r == null) {
                        return;
                    }
                    r.takeOne(id);
                }
            }, "consumer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        SplittableRandom random = new SplittableRandom(11);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        int round = 0;
        int interrupts = 0;
        int timeouts = 0;
        while (round < 2000 && (round < 100 || System.nanoTime() < until)) {
            round++;
            Round r = new Round(consumers, random);
            current.set(r);
            long seed = random.nextLong();
            rounds.arriveAndAwaitAdvance();
            Thread p0 = new Thread(() -> produce(r.q, 0, consumers / 2, seed));
            Thread p1 = new Thread(() -> produce(r.q, consumers / 2, consumers - consumers / 2, seed + 1));
            p0.start();
            p1.start();
            for (int k = random.nextInt(3); k > 0; k--) {
                spin(random.nextInt(20_000));
                threads.get(random.nextInt(consumers)).interrupt();
            }
            try {
                join(p0);
                join(p1);
                assertTrue(r.done.await(20, TimeUnit.SECONDS), "round " + round + " stuck: " + r.describe());
            } finally {
                r.q.close(); // on failure, lets the consumers go
            }
            BitSet taken = new BitSet(consumers);
            for (int i = 0; i < consumers; i++) {
                Object out = r.outcome.get(i);
                if (out == INTERRUPTED) {
                    interrupts++;
                } else if (out == TIMED_OUT) {
                    timeouts++;
                    assertTrue(r.timeoutNanos[i] >= 0, "take() returned without a completion");
                } else {
                    Completion c = assertInstanceOf(Completion.class, out, r.describe());
                    assertTrue(!taken.get((int) c.id()), "taken twice: #" + c.id());
                    taken.set((int) c.id());
                }
            }
            assertEquals(0, r.q.parkedConsumers(), "a waiter left in the stack, round " + round);
            Completion c;
            while ((c = r.q.poll()) != null) {
                assertTrue(!taken.get((int) c.id()), "taken twice: #" + c.id());
                taken.set((int) c.id());
            }
            assertEquals(consumers, taken.cardinality(), "completions taken or left, round " + round);
        }
        current.set(null);
        rounds.arriveAndAwaitAdvance();
        for (Thread t : threads) {
            join(t);
        }
        // not verdicts, but the test must have raced what it is about
        assertTrue(interrupts > 0 && timeouts > 0, interrupts + " interrupts, " + timeouts + " timeouts");
    }

    /** Offers {@code count} completions numbered from {@code from}, in chains of 1 to 3, pausing between. */
    private static void produce(LinkedCompletionQueue q, int from, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int id = from;
        while (id < from + count) {
            spin(r.nextInt(20_000));
            int n = Math.min(from + count - id, 1 + r.nextInt(3));
            Operation first = op(id);
            Operation last = first;
            for (int i = 1; i < n; i++) {
                Operation o = op(id + i);
                last.completionNext = o;
                last = o;
            }
            q.offerChain(first, last, n);
            id += n;
        }
    }

    private static void spin(int nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /** This thread's allocated bytes, through reflection: this module does not read java.management. */
    private static long allocatedBytes() throws ReflectiveOperationException {
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        return (Long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes")
                .invoke(mx);
    }

    /**
     * A consumer that parks for each of many completions allocates nothing for it: its waiter is
     * made once. (A waiter per wait was 24 bytes.)
     */
    @Test
    void parking_allocates_nothing() throws Exception {
        LinkedCompletionQueue q = new LinkedCompletionQueue();
        int warmup = 2_000;
        int parks = 5_000;
        Operation[] ops = new Operation[warmup + parks];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = op(i);
        }
        long[] allocated = {-1};
        Thread consumer = new Thread(() -> {
            try {
                for (int i = 0; i < warmup; i++) {
                    q.take();
                }
                long before = allocatedBytes();
                for (int i = 0; i < parks; i++) {
                    q.take();
                }
                allocated[0] = allocatedBytes() - before;
            } catch (InterruptedException | ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }, "consumer");
        consumer.setDaemon(true);
        consumer.start();
        for (Operation o : ops) {
            // offer only to a parked consumer, so that every take parks
            awaitCondition(() -> consumer.getState() == Thread.State.WAITING && q.parkedConsumers() == 1,
                    "the consumer parked");
            q.offer(o);
        }
        join(consumer);
        assertEquals(0, q.size());
        assertTrue(allocated[0] >= 0, "the consumer failed");
        assertTrue(allocated[0] < parks, allocated[0] + " bytes allocated in " + parks + " parks");
    }
}
