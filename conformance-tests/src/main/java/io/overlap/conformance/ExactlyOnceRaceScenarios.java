package io.overlap.conformance;

import static io.overlap.CompletionStatus.CANCELLED;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.Completion;
import io.overlap.CompletionQueue;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.conformance.Harness.Pair;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guarantee 1 under races: every accepted submission completes exactly once, whatever happens meanwhile. */
public class ExactlyOnceRaceScenarios extends ScenarioSupport {

    // ---- the big one ----

    private static final int OPS = 100_000;
    private static final int SUBMITTERS = 3;
    private static final int CONSUMERS = 2;
    private static final int PAIRS = 200;
    private static final int MAX_OUTSTANDING = 4096;
    private static final long SEED = 0x0E_A1_AB_1EL;
    /** Within the test's 180 s timeout, with room left for the close and the ledger's checks. */
    private static final Duration SUBMITTERS_BOUND = Duration.ofSeconds(120);

    @Test
    @Tag("stress")
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void hundred_thousand_ops_with_random_cancel_close_timeout_and_peer_close_complete_exactly_once() {
        Proactor proactor = io.proactor();
        Ledger ledger = io.ledger();
        Listener listener = io.listener();
        List<Pair> pairs = io.pairs(PAIRS);
        int setup = ledger.submittedCount(); // the pairs' accepts and connects
        Semaphore room = new Semaphore(MAX_OUTSTANDING);
        AtomicInteger budget = new AtomicInteger(OPS);
        AtomicInteger submitted = new AtomicInteger();
        CompletionQueue queue = proactor.completions();
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        List<Background<Void>> consumers = new ArrayList<>();
        for (int t = 0; t < CONSUMERS; t++) {
            consumers.add(Background.start("consumer-" + t, () -> {
                while (true) {
                    boolean wasClosed = closed.get();
                    int n = queue.drain(c -> {
                        ledger.completed(c);
                        room.release();
                        if (c.connection() != null) {
                            proactor.close(c.connection()); // accepted or connected by the chaos: not needed
                        }
                    }, 256, 20, TimeUnit.MILLISECONDS);
                    if (n == 0 && wasClosed) {
                        return null;
                    }
                }
            }));
        }
        List<Background<Void>> submitters = new ArrayList<>();
        for (int t = 0; t < SUBMITTERS; t++) {
            SplittableRandom rnd = new SplittableRandom(SEED + t);
            submitters.add(Background.start("submitter-" + t, () -> {
                long[] recent = new long[64];
                int r = 0;
                while (budget.getAndDecrement() > 0) {
                    if (!room.tryAcquire(Harness.AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        fail(MAX_OUTSTANDING + " operations stayed in flight for " + Harness.AWAIT);
                    }
                    Pair p = pairs.get(rnd.nextInt(PAIRS));
                    long id = ledger.submitted(chaosOp(proactor, listener, p, rnd));
                    submitted.incrementAndGet();
                    recent[r++ & 63] = id;
                    if (rnd.nextInt(100) < 15) {
                        proactor.cancel(recent[rnd.nextInt(64)]);
                    }
                    int rare = rnd.nextInt(10_000);
                    if (rare < 5) {
                        proactor.close(p.server());
                    } else if (rare < 10) {
                        proactor.close(p.client()); // the server end's peer goes away
                    } else if (rare < 15) {
                        proactor.shutdownOutput(p.client());
                    }
                }
                return null;
            }));
        }
        // what must not happen is an operation that never completes: then the room runs out and
        // a submitter fails after Harness.AWAIT without one completion. How long the whole run
        // takes is the machine's speed (10 s under Wine alone, twice that on a loaded machine),
        // so the join waits for as long as the test's own timeout leaves
        submitters.forEach(s -> s.get(SUBMITTERS_BOUND));
        proactor.close();
        closed.set(true);
        consumers.forEach(Background::get);

        io.close(); // every submission completed exactly once, nothing in flight
        Map<CompletionStatus, Long> counts = ledger.counts();
        System.out.println("exactly-once race: " + submitted.get() + " submissions -> " + counts);
        assertEquals(OPS, submitted.get());
        assertEquals(setup + OPS, ledger.submittedCount(), "no op id was returned twice");
        assertEquals(setup + OPS, counts.values().stream().mapToLong(Long::longValue).sum(),
                "OK + errors + cancelled + timed-out + closed == submitted");
        assertTrue(counts.get(OK) > 0 && counts.get(CANCELLED) > 0 && counts.get(CompletionStatus.TIMED_OUT) > 0,
                () -> "the mix must really race successes, cancels and timeouts: " + counts);
    }

    /** One random submission; every kind of operation, some with timeouts. */
    private static long chaosOp(Proactor proactor, Listener listener, Pair p, SplittableRandom rnd) {
        int dice = rnd.nextInt(100);
        if (dice < 42) {
            ByteBuffer src = ByteBuffer.allocate(1 + rnd.nextInt(64));
            return proactor.submitSend(p.client(), new ByteBuffer[] {src}, null, rnd.nextInt(10) == 0 ? ms(rnd, 5, 50) : null);
        } else if (dice < 80) {
            ByteBuffer dst = ByteBuffer.allocate(64);
            return proactor.submitRecv(p.server(), new ByteBuffer[] {dst}, null, rnd.nextInt(10) < 7 ? ms(rnd, 1, 30) : null);
        } else if (dice < 94) {
            ByteBuffer dst = ByteBuffer.allocate(64); // nothing is ever sent this way: only time, cancel or close end it
            return proactor.submitRecv(p.client(), new ByteBuffer[] {dst}, null, rnd.nextInt(10) < 8 ? ms(rnd, 1, 20) : null);
        } else if (dice < 97) {
            return proactor.submitAccept(listener, null, ms(rnd, 5, 50));
        } else {
            return proactor.submitConnect(listener.localAddress(), null, rnd.nextBoolean() ? ms(rnd, 5, 100) : null);
        }
    }

    private static Duration ms(SplittableRandom rnd, int from, int to) {
        return Duration.ofMillis(rnd.nextInt(from, to + 1));
    }

    // ---- cancel against completion ----

    @Test
    void cancel_racing_a_completion_yields_exactly_one_completion_and_loses_no_byte() {
        Pair p = io.pair();
        int rounds = 2000;
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int cancelled = 0;
        for (int i = 0; i < rounds; i++) {
            ByteBuffer dst = ByteBuffer.allocate(16);
            ByteBuffer one = ByteBuffer.wrap(new byte[] {(byte) i});
            long recv;
            long send;
            if (i % 2 == 0) {
                recv = io.recv(p.server(), dst);
                send = io.send(p.client(), one);
            } else {
                send = io.send(p.client(), one);
                recv = io.recv(p.server(), dst);
            }
            boolean pendingWhenAsked = io.cancel(recv);
            Completion r = io.await(recv);
            io.await(send, OK);
            if (r.status() == OK) {
                got.writeBytes(Bytes.filled(dst));
            } else {
                assertEquals(CANCELLED, r.status(), () -> "a receive raced by a cancel: " + r);
                assertEquals(0, dst.position(), "a cancelled receive took no byte");
                assertTrue(pendingWhenAsked, "cancel said the receive had already completed, yet it was CANCELLED");
                cancelled++;
            }
        }
        while (got.size() < rounds) {
            ByteBuffer dst = ByteBuffer.allocate(4096);
            io.await(io.recv(p.server(), dst), OK);
            got.writeBytes(Bytes.filled(dst));
        }
        byte[] expected = new byte[rounds];
        for (int i = 0; i < rounds; i++) {
            expected[i] = (byte) i;
        }
        System.out.println("cancel race: " + cancelled + " of " + rounds + " receives cancelled, the rest completed");
        assertArrayEquals(expected, got.toByteArray(), "every byte arrives once, in order, despite the cancels");
    }

    @Test
    void cancel_from_several_threads_at_once_completes_the_op_once() {
        Pair p = io.pair();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ids.add(io.recv(p.server(), ByteBuffer.allocate(8)));
        }
        AtomicInteger trues = new AtomicInteger();
        List<Background<Void>> cancellers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            cancellers.add(Background.start("canceller-" + t, () -> {
                for (long id : ids) {
                    if (io.cancel(id)) {
                        trues.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        cancellers.forEach(Background::get);
        io.awaitAll(ids, CANCELLED);
        assertTrue(trues.get() >= ids.size(), "each pending receive was reported pending to at least one cancel");
    }

    // ---- several consumers ----

    @Test
    void several_consumer_threads_take_each_completion_exactly_once() {
        List<Pair> pairs = io.pairs(20);
        Proactor proactor = io.proactor();
        CompletionQueue queue = proactor.completions();
        int perPair = 50;
        int total = pairs.size() * perPair * 2;
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        long deadline = System.nanoTime() + Harness.AWAIT.toNanos();
        List<Background<Void>> consumers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int mode = t;
            consumers.add(Background.start("consumer-" + t, () -> {
                List<Completion> batch = new ArrayList<>();
                while (taken.get() < total && System.nanoTime() < deadline) {
                    batch.clear();
                    if (mode == 0) {
                        Completion c = queue.poll(10, TimeUnit.MILLISECONDS);
                        if (c != null) {
                            batch.add(c);
                        }
                    } else if (mode == 1) {
                        queue.drain(batch::add, 7, 10, TimeUnit.MILLISECONDS);
                    } else if (queue.drain(batch::add, 3) == 0) {
                        Completion c = queue.poll(10, TimeUnit.MILLISECONDS);
                        if (c != null) {
                            batch.add(c);
                        }
                    }
                    for (Completion c : batch) {
                        record(c, seen, duplicates, taken);
                    }
                }
                return null;
            }));
        }
        List<Long> ids = new ArrayList<>();
        for (Pair p : pairs) {
            for (int i = 0; i < perPair; i++) {
                ids.add(io.recv(p.server(), ByteBuffer.allocate(1)));
                ids.add(io.send(p.client(), ByteBuffer.wrap(new byte[] {(byte) i})));
            }
        }
        consumers.forEach(Background::get);
        assertEquals(0, duplicates.get(), "a completion was handed to two consumers");
        long missing = ids.stream().filter(id -> !seen.contains(id)).count();
        assertEquals(0, missing, () -> missing + " of " + ids.size() + " completions were never taken by any consumer");
        assertEquals(ids.size(), seen.size(), "completions of operations nobody submitted were taken");
    }

    private void record(Completion c, Set<Long> seen, AtomicInteger duplicates, AtomicInteger taken) {
        io.ledger().completed(c);
        if (!seen.add(c.id())) {
            duplicates.incrementAndGet();
        }
        taken.incrementAndGet();
    }

    // ---- close as a barrier ----

    @Test
    void proactor_close_completes_every_pending_op_before_it_returns() {
        // both ends of each pair on this proactor: closing one end must not let the other see end of stream first
        List<Pair> pairs = io.pairs(50);
        List<Long> ids = new ArrayList<>();
        for (Pair p : pairs) {
            for (int i = 0; i < 10; i++) {
                ids.add(io.recv(p.server(), ByteBuffer.allocate(8)));
                ids.add(io.recv(p.client(), i % 2 == 0 ? Duration.ofMinutes(5) : null, ByteBuffer.allocate(8)));
            }
        }
        Listener l = io.listen();
        for (int i = 0; i < 10; i++) {
            ids.add(io.accept(l));
        }
        assertEquals(ids.size(), io.proactor().inFlight());
        io.proactor().close();
        assertEquals(0, io.proactor().inFlight(), "nothing in flight once Proactor.close() returned");
        int queued = io.proactor().completions().size();
        assertTrue(queued >= ids.size(), "every pending op's completion is queued when close returns: " + queued
                + " of " + ids.size());
        io.close();
        for (long id : ids) {
            Completion c = io.ledger().completion(id);
            assertEquals(CANCELLED, c.status(), () -> "pending at Proactor.close(): " + c);
        }
    }

    @Test
    void concurrent_submitters_get_distinct_op_ids() {
        List<Pair> pairs = io.pairs(8);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger clashes = new AtomicInteger();
        List<Background<Void>> submitters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Connection c = pairs.get(t).client();
            submitters.add(Background.start("submitter-" + t, () -> {
                for (int i = 0; i < 500; i++) {
                    long id = io.recv(c, Duration.ofMillis(1 + i % 20), ByteBuffer.allocate(4));
                    if (!ids.add(id)) {
                        clashes.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        submitters.forEach(Background::get);
        assertEquals(0, clashes.get(), "two submissions got the same id");
        List<Completion> done = io.awaitAll(List.copyOf(ids), CompletionStatus.TIMED_OUT);
        assertNotEquals(0, done.size());
    }
}
