package io.overlap.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HandOffStack}: oldest first within a take and across takes; with several producers
 * (and takers) racing, every element taken exactly once, each producer's in the order it pushed
 * them, with what it wrote before the push visible to the taker.
 */
@Timeout(60)
class HandOffStackTest {
    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 100_000;
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** An element: who pushed it, its place in that producer's order, and a plain payload. */
    private static final class Node {
        final int producer;
        final int seq;
        /** Written plainly before the push: the push must publish it. */
        long payload;
        Node next;

        Node(int producer, int seq) {
            this.producer = producer;
            this.seq = seq;
        }
    }

    private static final HandOffStack.Links<Node> LINKS = new HandOffStack.Links<>() {
        @Override
        public Node next(Node n) {
            return n.next;
        }

        @Override
        public void setNext(Node n, Node next) {
            n.next = next;
        }
    };

    private static long payloadOf(int producer, int seq) {
        return ((long) producer << 32 | seq) * 31 + 7;
    }

    private static List<Node> chain(Node first) {
        List<Node> all = new ArrayList<>();
        for (Node n = first; n != null; n = n.next) {
            all.add(n);
        }
        return all;
    }

    @Test
    void emptyTakesNothing() {
        HandOffStack<Node> s = new HandOffStack<>(LINKS);
        assertTrue(s.isEmpty());
        assertNull(s.takeAll());
        assertTrue(s.isEmpty());
    }

    @Test
    void refusesNoLinks() {
        assertThrows(NullPointerException.class, () -> new HandOffStack<Node>(null));
    }

    @Test
    void takesOldestFirstAndEmpties() {
        HandOffStack<Node> s = new HandOffStack<>(LINKS);
        Node a = new Node(0, 0);
        Node b = new Node(0, 1);
        Node c = new Node(0, 2);
        s.push(a);
        assertFalse(s.isEmpty());
        s.push(b);
        s.push(c);
        assertEquals(List.of(a, b, c), chain(s.takeAll()));
        assertNull(c.next, "the newest ends the chain");
        assertTrue(s.isEmpty());
        assertNull(s.takeAll());
    }

    @Test
    void unlinkStepsAlongATakenChainAndFreesEachLink() {
        HandOffStack<Node> s = new HandOffStack<>(LINKS);
        Node a = new Node(0, 0);
        Node b = new Node(0, 1);
        s.push(a);
        s.push(b);
        Node first = s.takeAll();
        assertSame(a, first);
        assertSame(b, LINKS.unlink(first));
        assertNull(a.next);
        assertNull(LINKS.unlink(b));
        assertNull(b.next);
    }

    @Test
    void laterTakesHoldOnlyLaterPushes() {
        HandOffStack<Node> s = new HandOffStack<>(LINKS);
        Node a = new Node(0, 0);
        Node b = new Node(0, 1);
        Node c = new Node(0, 2);
        s.push(a);
        s.push(b);
        assertEquals(List.of(a, b), chain(s.takeAll()));
        s.push(c);
        s.push(a); // taken, so it may be pushed again: its stale link is overwritten
        assertEquals(List.of(c, a), chain(s.takeAll()));
    }

    @Test
    void oneTakerGetsEveryElementOnceInEachProducersOrder() throws InterruptedException {
        HandOffStack<Node> s = new HandOffStack<>(LINKS);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> producers = startProducers(s, go);
        int[] nextSeq = new int[PRODUCERS];
        int taken = 0;
        long deadline = System.nanoTime() + BOUND_NANOS;
        go.countDown();
        while (taken < PRODUCERS * PER_PRODUCER && System.nanoTime() - deadline < 0) {
            for (Node n = s.takeAll(); n != null; n = n.next) {
                assertEquals(payloadOf(n.producer, n.seq), n.payload, "what the producer wrote before its push");
                // one taker: each producer's elements come in its order, with none missing between
                assertEquals(nextSeq[n.producer], n.seq, "producer " + n.producer + "'s order");
                nextSeq[n.producer]++;
                taken++;
            }
        }
        join(producers);
        assertNull(s.takeAll(), "nothing more than was pushed");
        int[] all = new int[PRODUCERS];
        Arrays.fill(all, PER_PRODUCER);
        assertEquals(Arrays.toString(all), Arrays.toString(nextSeq), "every element taken, within the bound");
    }

    @Test
    void severalTakersShareEveryElementExactlyOnce() throws InterruptedException {
        HandOffStack<Node> s = new HandOffStack<>(LINKS);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger taken = new AtomicInteger();
        BitSet[] seen = new BitSet[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            seen[p] = new BitSet(PER_PRODUCER);
        }
        List<String> faults = Collections.synchronizedList(new ArrayList<>());
        List<Thread> takers = new ArrayList<>();
        long deadline = System.nanoTime() + BOUND_NANOS;
        for (int t = 0; t < 2; t++) {
            Thread taker = new Thread(() -> {
                while (taken.get() < PRODUCERS * PER_PRODUCER && System.nanoTime() - deadline < 0) {
                    int[] last = new int[PRODUCERS];
                    Arrays.fill(last, -1);
                    List<Node> got = chain(s.takeAll());
                    for (Node n : got) {
                        if (n.seq <= last[n.producer]) {
                            fault(faults, "producer " + n.producer + ": " + n.seq + " after " + last[n.producer]);
                        }
                        last[n.producer] = n.seq;
                        synchronized (seen) {
                            if (seen[n.producer].get(n.seq)) {
                                fault(faults, "taken twice: " + n.producer + "/" + n.seq);
                            }
                            seen[n.producer].set(n.seq);
                        }
                    }
                    taken.addAndGet(got.size());
                }
            }, "taker-" + t);
            taker.start();
            takers.add(taker);
        }
        List<Thread> producers = startProducers(s, go);
        go.countDown();
        join(producers);
        join(takers);
        assertEquals(List.of(), faults);
        assertNull(s.takeAll());
        for (int p = 0; p < PRODUCERS; p++) {
            assertEquals(PER_PRODUCER, seen[p].cardinality(), "producer " + p + "'s elements, each once");
        }
    }

    /** Keeps the first few, so a broken stack's report stays readable. */
    private static void fault(List<String> faults, String what) {
        if (faults.size() < 10) {
            faults.add(what);
        }
    }

    private static List<Thread> startProducers(HandOffStack<Node> s, CountDownLatch go) {
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try {
                    if (!go.await(10, TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < PER_PRODUCER; i++) {
                    Node n = new Node(id, i);
                    n.payload = payloadOf(id, i);
                    s.push(n);
                }
            }, "producer-" + p);
            t.start();
            producers.add(t);
        }
        return producers;
    }

    private static void join(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.NANOSECONDS.toMillis(BOUND_NANOS));
            assertFalse(t.isAlive(), t.getName() + " ended within the bound");
        }
    }
}
