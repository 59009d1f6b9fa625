package io.overlap.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.Completion;
import io.overlap.OpKind;
import io.overlap.ProactorClosedException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several producers and consumers on one {@link LinkedCompletionQueue}: every completion taken
 * exactly once, each producer's in the order it offered them, close waking every waiter, timed
 * waits within their bounds.
 */
@Timeout(60)
class LinkedCompletionQueueConcurrencyTest {
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(20);

    /** How a consumer takes. */
    private enum Way { TAKE, POLL, TIMED_POLL, DRAIN, TIMED_DRAIN }

    private static Operation op(int producer, int seq) {
        return new Operation(((long) producer << 32) | seq, OpKind.SEND, null, null, null, 0, null);
    }

    private static int producerOf(Completion c) {
        return (int) (c.id() >>> 32);
    }

    private static int seqOf(Completion c) {
        return (int) c.id();
    }

    /**
     * Offers {@code count} completions of producer {@code p} in chains of 1 to 8, as backend
     * loop turns and submitting threads do.
     */
    private static void produce(LinkedCompletionQueue q, int p, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int seq = 0;
        while (seq < count) {
            int n = Math.min(count - seq, 1 + r.nextInt(8));
            Operation first = op(p, seq);
            Operation last = first;
            for (int i = 1; i < n; i++) {
                Operation o = op(p, seq + i);
                last.completionNext = o;
                last = o;
            }
            q.offerChain(first, last, n);
            seq += n;
        }
    }

    /** One consumer: takes its way until the queue is closed and empty; keeps what it took, in order. */
    private static final class Taker extends Thread {
        final LinkedCompletionQueue q;
        final Way way;
        final AtomicInteger total;
        final List<Completion> got = new ArrayList<>();
        /** Set just before the queue is closed, when every producer is done. */
        volatile boolean closing;
        volatile Throwable failure;

        Taker(LinkedCompletionQueue q, Way way, AtomicInteger total) {
            super("taker-" + way);
            this.q = q;
            this.way = way;
            this.total = total;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (takeOnce()) {
                    // until closed and empty
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        private boolean takeOnce() throws InterruptedException {
            switch (way) {
                case TAKE -> {
                    try {
                        keep(q.take());
                    } catch (ProactorClosedException closed) {
                        return false;
                    }
                }
                case POLL -> {
                    Completion c = q.poll();
                    if (c == null) {
                        if (closing && q.poll() == null) {
                            return false;
                        }
                        Thread.yield();
                    } else {
                        keep(c);
                    }
                }
                case TIMED_POLL -> {
                    Completion c = q.poll(5, TimeUnit.MILLISECONDS);
                    if (c == null) {
                        return !closing || q.size() > 0;
                    }
                    keep(c);
                }
                case DRAIN -> {
                    if (q.drain(this::keep, 5) == 0) {
                        if (closing && q.drain(this::keep, 5) == 0) {
                            return false;
                        }
                        Thread.yield();
                    }
                }
                case TIMED_DRAIN -> {
                    if (q.drain(this::keep, 16, 5, TimeUnit.MILLISECONDS) == 0) {
                        return !closing || q.size() > 0;
                    }
                }
                default -> throw new AssertionError(way);
            }
            return true;
        }

        private void keep(Completion c) {
            got.add(c);
            total.incrementAndGet();
        }
    }

    /** Closes the queue as the proactor does: once every producer is done. */
    private static void close(LinkedCompletionQueue q, List<Taker> takers) {
        takers.forEach(t -> t.closing = true);
        q.close();
    }

    private static void awaitCondition(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 20 s: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static void join(Thread t) throws InterruptedException {
        t.join(TimeUnit.NANOSECONDS.toMillis(BOUND_NANOS));
        assertTrue(!t.isAlive(), () -> t.getName() + " did not finish within 20 s");
    }

    /**
     * Checks that the takers together got every completion of every producer exactly once, and
     * that each taker saw each producer's completions in increasing order.
     */
    private static void checkExactlyOnceInOrder(List<Taker> takers, int producers, int perProducer) {
        BitSet[] seen = new BitSet[producers];
        for (int p = 0; p < producers; p++) {
            seen[p] = new BitSet(perProducer);
        }
        for (Taker t : takers) {
            assertNull(t.failure, () -> t.getName() + " failed: " + t.failure);
            int[] lastSeq = new int[producers];
            java.util.Arrays.fill(lastSeq, -1);
            for (Completion c : t.got) {
                int p = producerOf(c);
                int s = seqOf(c);
                assertTrue(!seen[p].get(s), () -> "taken twice: producer " + p + " #" + s);
                seen[p].set(s);
                assertTrue(s > lastSeq[p], () -> t.getName() + " took producer " + p + "'s #" + s
                        + " after #" + lastSeq[p]);
                lastSeq[p] = s;
            }
        }
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, seen[p].cardinality(), "completions of producer " + p + " taken");
        }
    }

    @Test
    void several_producers_and_consumers_take_each_completion_once_in_each_producers_order() throws Exception {
        int producers = 4;
        int perProducer = 25_000;
        LinkedCompletionQueue q = new LinkedCompletionQueue();
        AtomicInteger total = new AtomicInteger();
        List<Taker> takers = new ArrayList<>();
        for (Way w : Way.values()) {
            takers.add(new Taker(q, w, total));
        }
        takers.add(new Taker(q, Way.TAKE, total));
        takers.forEach(Thread::start);
        List<Thread> ps = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            ps.add(new Thread(() -> produce(q, id, perProducer, 42 + id), "producer-" + p));
        }
        ps.forEach(Thread::start);
        for (Thread p : ps) {
            join(p);
        }
        awaitCondition(() -> total.get() == producers * perProducer, "every completion taken (" + total + ")");
        assertEquals(0, q.size());
        close(q, takers);
        for (Taker t : takers) {
            join(t);
        }
        checkExactlyOnceInOrder(takers, producers, perProducer);
    }

    @Test
    void one_consumer_sees_each_producers_completions_consecutively() throws Exception {
        int producers = 3;
        int perProducer = 20_000;
        LinkedCompletionQueue q = new LinkedCompletionQueue();
        List<Thread> ps = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int id = p;
            ps.add(new Thread(() -> produce(q, id, perProducer, 7 * id), "producer-" + p));
        }
        ps.forEach(Thread::start);
        int[] next = new int[producers];
        long deadline = System.nanoTime() + BOUND_NANOS;
        for (int n = 0; n < producers * perProducer; ) {
            n += q.drain(c -> {
                int p = producerOf(c);
                assertEquals(next[p], seqOf(c), "producer " + p + "'s next completion");
                next[p]++;
            }, 64, 100, TimeUnit.MILLISECONDS);
            assertTrue(System.nanoTime() < deadline, "not every completion came within 20 s");
        }
        for (Thread p : ps) {
            join(p);
        }
        assertNull(q.poll());
    }

    @Test
    void a_batch_wakes_as_many_waiting_consumers_as_it_has_completions() throws Exception {
        LinkedCompletionQueue q = new LinkedCompletionQueue();
        int waiting = 3;
        ConcurrentLinkedQueue<Completion> got = new ConcurrentLinkedQueue<>();
        CountDownLatch each = new CountDownLatch(waiting);
        List<Thread> consumers = new ArrayList<>();
        for (int i = 0; i < waiting; i++) {
            Thread t = new Thread(() -> {
                try {
                    got.add(q.take()); // exactly one each: the batch must reach all three
                    each.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "consumer-" + i);
            t.setDaemon(true);
            consumers.add(t);
            t.start();
        }
        awaitCondition(() -> consumers.stream().allMatch(t -> t.getState() == Thread.State.WAITING),
                "all consumers parked");
        Operation a = op(0, 0);
        Operation b = op(0, 1);
        Operation c = op(0, 2);
        a.completionNext = b;
        b.completionNext = c;
        q.offerChain(a, c, 3);
        assertTrue(each.await(20, TimeUnit.SECONDS), "only " + got.size() + " of 3 waiting consumers got one");
        assertEquals(List.of(0, 1, 2), got.stream().map(LinkedCompletionQueueConcurrencyTest::seqOf).sorted().toList());
        for (Thread t : consumers) {
            join(t);
        }
    }

    @Test
    void close_wakes_every_waiting_consumer_and_later_takes_fail() throws Exception {
        LinkedCompletionQueue q = new LinkedCompletionQueue();
        ConcurrentLinkedQueue<Object> outcomes = new ConcurrentLinkedQueue<>();
        List<Thread> consumers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int kind = i % 3;
            Thread t = new Thread(() -> {
                try {
                    switch (kind) {
                        case 0 -> outcomes.add(q.take());
                        case 1 -> outcomes.add(String.valueOf(q.poll(60, TimeUnit.SECONDS)));
                        default -> outcomes.add(q.drain(x -> { }, 4, 60, TimeUnit.SECONDS));
                    }
                } catch (Throwable e) {
                    outcomes.add(e);
                }
            }, "waiter-" + i);
            t.setDaemon(true);
            consumers.add(t);
            t.start();
        }
        awaitCondition(() -> consumers.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                || t.getState() == Thread.State.TIMED_WAITING), "all consumers parked");
        long closedAt = System.nanoTime();
        q.close();
        for (Thread t : consumers) {
            join(t);
        }
        assertTrue(System.nanoTime() - closedAt < TimeUnit.SECONDS.toNanos(20), "the timed waiters waited out their time");
        assertEquals(6, outcomes.size());
        assertEquals(2, outcomes.stream().filter(o -> o instanceof ProactorClosedException).count(), outcomes.toString());
        assertEquals(2, outcomes.stream().filter("null"::equals).count(), outcomes.toString());
        assertEquals(2, outcomes.stream().filter(o -> Integer.valueOf(0).equals(o)).count(), outcomes.toString());
        assertThrows(ProactorClosedException.class, q::take);
        assertNull(q.poll(1, TimeUnit.MINUTES));
        assertEquals(0, q.drain(x -> { }, 1, 1, TimeUnit.MINUTES));
    }

    @Test
    void close_racing_with_producers_and_waiting_consumers_loses_nothing_and_strands_nobody() throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int rounds = 0;
        while (rounds < 300 && (rounds < 20 || System.nanoTime() < until)) {
            rounds++;
            LinkedCompletionQueue q = new LinkedCompletionQueue();
            AtomicInteger total = new AtomicInteger();
            List<Taker> takers = List.of(new Taker(q, Way.TAKE, total), new Taker(q, Way.TAKE, total),
                    new Taker(q, Way.TIMED_POLL, total), new Taker(q, Way.TIMED_DRAIN, total));
            takers.forEach(Thread::start);
            int perProducer = 50;
            Thread p0 = new Thread(() -> produce(q, 0, perProducer, 1));
            Thread p1 = new Thread(() -> produce(q, 1, perProducer, 2));
            p0.start();
            p1.start();
            join(p0); // the proactor closes its queue once every backend thread is done
            join(p1);
            close(q, takers);
            for (Taker t : takers) {
                join(t);
            }
            checkExactlyOnceInOrder(takers, 2, perProducer);
        }
    }

    @Test
    void timed_waits_keep_their_bounds() throws Exception {
        LinkedCompletionQueue q = new LinkedCompletionQueue();
        long t0 = System.nanoTime();
        assertNull(q.poll(50, TimeUnit.MILLISECONDS));
        long waited = System.nanoTime() - t0;
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(50), "returned early: " + waited + " ns");
        assertTrue(waited < TimeUnit.SECONDS.toNanos(10), "returned late: " + waited + " ns");
        t0 = System.nanoTime();
        assertEquals(0, q.drain(x -> { }, 8, 30, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(30), "drain returned early");
        assertNull(q.poll(0, TimeUnit.SECONDS));
        assertNull(q.poll(-1, TimeUnit.SECONDS));

        Operation a = op(0, 0);
        Thread consumer = Thread.currentThread();
        Thread producer = new Thread(() -> {
            awaitCondition(() -> consumer.getState() == Thread.State.TIMED_WAITING, "the consumer parked");
            q.offer(a);
        });
        producer.start();
        t0 = System.nanoTime();
        assertSame(a, q.poll(1, TimeUnit.MINUTES), "a timed wait ends when a completion comes");
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20));
        join(producer);

        Operation b = op(0, 1);
        Thread late = new Thread(() -> {
            awaitCondition(() -> consumer.getState() == Thread.State.TIMED_WAITING, "the consumer parked");
            q.offer(b);
        });
        late.start();
        assertSame(b, q.poll(Long.MAX_VALUE, TimeUnit.DAYS), "the longest timeout waits, it does not wrap around");
        join(late);
    }

    @Test
    void an_interrupted_waiter_throws_and_the_queue_goes_on() throws Exception {
        LinkedCompletionQueue q = new LinkedCompletionQueue();
        Object[] outcome = new Object[1];
        Thread waiter = new Thread(() -> {
            try {
                outcome[0] = q.take();
            } catch (Throwable e) {
                outcome[0] = e;
            }
        });
        waiter.start();
        awaitCondition(() -> waiter.getState() == Thread.State.WAITING, "the waiter parked");
        waiter.interrupt();
        join(waiter);
        assertInstanceOf(InterruptedException.class, outcome[0]);
        Operation a = op(0, 0);
        q.offer(a);
        assertSame(a, q.take());
        assertEquals(0, q.size());
    }
}
