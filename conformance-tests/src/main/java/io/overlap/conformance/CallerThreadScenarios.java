package io.overlap.conformance;

import static io.overlap.CompletionStatus.CANCELLED;
import static io.overlap.CompletionStatus.OK;
import static io.overlap.CompletionStatus.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.Completion;
import io.overlap.CompletionQueue;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.OpKind;
import io.overlap.Proactor;
import io.overlap.conformance.Harness.Pair;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Queue mode as real servers use it (issue 11): several application threads submit on the same
 * connections while several others take the completions, racing with cancels, timeouts and
 * closes. A backend may do a submission's I/O on the submitting thread (nio does when nobody
 * else owns that direction of the connection); whatever it does, every operation completes
 * exactly once, the submissions of one connection are served in the order they happened (also
 * across threads) and no byte crosses to another connection.
 */
public class CallerThreadScenarios extends ScenarioSupport {
    private static final int SUBMITTERS = 4;
    private static final int CONSUMERS = 2;
    private static final int MAX_OUTSTANDING = 1024;
    private static final Duration BOUND = Duration.ofSeconds(40);

    /** One shared connection pair: what was sent on it and the receives, each in the order submitted. */
    private static final class Stream {
        final Pair pair;
        final long seed;
        long sent; // guarded by this
        final List<ByteBuffer> recvs = new ArrayList<>(); // guarded by this
        final AtomicLong received = new AtomicLong();

        Stream(Pair pair, long seed) {
            this.pair = pair;
            this.seed = seed;
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sends_and_recvs_from_many_threads_on_shared_connections_keep_fifo_and_never_cross() throws InterruptedException {
        Proactor proactor = io.proactor();
        Ledger ledger = io.ledger();
        List<Stream> streams = new ArrayList<>();
        for (Pair p : io.pairs(6)) {
            streams.add(new Stream(p, 0x5EED_0000L + streams.size()));
        }
        Map<Long, CompletableFuture<Completion>> waited = new ConcurrentHashMap<>();
        Semaphore room = new Semaphore(MAX_OUTSTANDING);
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger badSends = new AtomicInteger();
        CompletionQueue queue = proactor.completions();
        List<Background<Void>> consumers = consumers(queue, done, c -> {
            ledger.completed(c);
            room.release();
            if (c.kind() == OpKind.SEND && c.status() != OK) {
                badSends.incrementAndGet(); // nothing cancels or times out a stream's send
            }
            if (c.kind() == OpKind.RECV && c.status() == OK && c.attachment() instanceof Stream s) {
                s.received.addAndGet(c.bytesTransferred());
            }
            waited.computeIfAbsent(c.id(), k -> new CompletableFuture<>()).complete(c);
        });
        runSubmitters(77, 1500, room, (rnd, chaos, k) -> {
            Stream s = streams.get(rnd.nextInt(streams.size()));
            int dice = rnd.nextInt(100);
            if (dice < 45) {
                int len = 1 + rnd.nextInt(700);
                synchronized (s) { // the lock orders the submissions: each happens-before the next
                    ByteBuffer src = Patterns.buffer(s.seed, s.sent, len);
                    s.sent += len;
                    ledger.submitted(proactor.submitSend(s.pair.client(), new ByteBuffer[] {src}, null));
                }
            } else if (dice < 80) {
                synchronized (s) {
                    ByteBuffer dst = ByteBuffer.allocate(1 + rnd.nextInt(500));
                    s.recvs.add(dst);
                    ledger.submitted(proactor.submitRecv(s.pair.server(), new ByteBuffer[] {dst}, s));
                }
            } else {
                // nothing is ever sent server to client: only its timeout or a cancel ends it
                long id = proactor.submitRecv(s.pair.client(), new ByteBuffer[] {ByteBuffer.allocate(64)},
                        null, Duration.ofMillis(1 + rnd.nextInt(20)));
                chaos[k++ & 31] = ledger.submitted(id);
                if (rnd.nextBoolean()) {
                    proactor.cancel(chaos[rnd.nextInt(32)]);
                }
            }
            return k;
        });
        for (Stream s : streams) {
            drainTheRest(proactor, ledger, s, waited);
        }
        for (Stream s : streams) {
            io.close(s.pair.client());
            io.close(s.pair.server());
        }
        awaitAllCompleted(ledger);
        done.set(true);
        consumers.forEach(Background::get);
        assertEquals(0, badSends.get(), "every send of a stream completes OK");
        for (Stream s : streams) {
            assertStreamInOrder(s);
        }
        Map<CompletionStatus, Long> counts = ledger.counts();
        System.out.println("caller-thread race: " + ledger.submittedCount() + " submissions -> " + counts);
        assertTrue(counts.get(TIMED_OUT) > 0 && counts.get(OK) > 0,
                () -> "the mix must race completions with timeouts: " + counts);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closes_cancels_and_timeouts_racing_submissions_from_many_threads_complete_every_op_exactly_once()
            throws InterruptedException {
        Proactor proactor = io.proactor();
        Ledger ledger = io.ledger();
        List<Pair> pairs = io.pairs(24);
        Semaphore room = new Semaphore(MAX_OUTSTANDING);
        AtomicBoolean done = new AtomicBoolean();
        List<Background<Void>> consumers = consumers(proactor.completions(), done, c -> {
            ledger.completed(c);
            room.release();
        });
        runSubmitters(91, 5000, room, (rnd, recent, k) -> {
            Pair p = pairs.get(rnd.nextInt(pairs.size()));
            Duration timeout = rnd.nextInt(4) == 0 ? Duration.ofMillis(1 + rnd.nextInt(10)) : null;
            Connection c = rnd.nextBoolean() ? p.client() : p.server();
            long id = rnd.nextBoolean()
                    ? proactor.submitSend(c, new ByteBuffer[] {ByteBuffer.allocate(1 + rnd.nextInt(2000))}, null, timeout)
                    : proactor.submitRecv(c, new ByteBuffer[] {ByteBuffer.allocate(1 + rnd.nextInt(300))}, null, timeout);
            recent[k++ & 31] = ledger.submitted(id);
            if (rnd.nextInt(100) < 20) {
                proactor.cancel(recent[rnd.nextInt(32)]);
            }
            if (rnd.nextInt(10_000) < 4) {
                proactor.close(rnd.nextBoolean() ? p.client() : p.server());
            }
            return k;
        });
        for (Pair p : pairs) {
            io.close(p.client());
            io.close(p.server());
        }
        awaitAllCompleted(ledger);
        done.set(true);
        consumers.forEach(Background::get);
        Map<CompletionStatus, Long> counts = ledger.counts();
        System.out.println("caller-thread close race: " + ledger.submittedCount() + " submissions -> " + counts);
        assertTrue(counts.get(OK) > 0 && counts.get(CANCELLED) > 0,
                () -> "the mix must race completions with cancels and closes: " + counts);
    }

    /** One submission of a submitter; {@code recent} keeps its last ids (to cancel), {@code k} counts them. */
    private interface Step {
        int submit(SplittableRandom rnd, long[] recent, int k) throws Exception;
    }

    /** Runs {@link #SUBMITTERS} threads of {@code each} steps, each step once there is room; waits for them. */
    private static void runSubmitters(long seed, int each, Semaphore room, Step step) {
        List<Background<Void>> submitters = new ArrayList<>();
        for (int t = 0; t < SUBMITTERS; t++) {
            SplittableRandom rnd = new SplittableRandom(seed + t);
            submitters.add(Background.start("submitter-" + t, () -> {
                long[] recent = new long[32];
                int k = 0;
                for (int i = 0; i < each; i++) {
                    acquire(room);
                    k = step.submit(rnd, recent, k);
                }
                return null;
            }));
        }
        submitters.forEach(s -> s.get(BOUND));
    }

    private static List<Background<Void>> consumers(CompletionQueue queue, AtomicBoolean done,
            java.util.function.Consumer<Completion> each) {
        List<Background<Void>> consumers = new ArrayList<>();
        for (int t = 0; t < CONSUMERS; t++) {
            consumers.add(Background.start("consumer-" + t, () -> {
                while (true) {
                    boolean wasDone = done.get();
                    int n = queue.drain(each::accept, 64, 20, TimeUnit.MILLISECONDS);
                    if (n == 0 && wasDone) {
                        return null;
                    }
                }
            }));
        }
        return consumers;
    }

    /**
     * Receives on {@code s} until it has everything sent; each receive queues behind those still
     * pending, and the last may stay pending (the close then cuts it, with no byte).
     */
    private static void drainTheRest(Proactor proactor, Ledger ledger, Stream s,
            Map<Long, CompletableFuture<Completion>> waited) {
        long deadline = System.nanoTime() + Harness.AWAIT.toNanos();
        long sent;
        synchronized (s) {
            sent = s.sent;
        }
        CompletableFuture<Completion> mine = null;
        while (s.received.get() < sent) {
            if (System.nanoTime() > deadline) {
                fail(s.received.get() + " of " + sent + " bytes sent on " + s.pair + " arrived within " + Harness.AWAIT);
            }
            if (mine == null || mine.isDone()) {
                if (mine != null) {
                    Completion c = mine.join();
                    assertEquals(OK, c.status(), () -> "a receive of bytes sent on " + s.pair + ": " + c);
                }
                synchronized (s) {
                    ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
                    s.recvs.add(dst);
                    long id = ledger.submitted(proactor.submitRecv(s.pair.server(), new ByteBuffer[] {dst}, s));
                    mine = waited.computeIfAbsent(id, k -> new CompletableFuture<>());
                }
            }
            try {
                mine.get(10, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // an earlier receive may have taken the rest: look again
            } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** The receives, read in submission order, hold exactly the stream's bytes; the ones cut by the close none. */
    private static void assertStreamInOrder(Stream s) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        synchronized (s) {
            for (ByteBuffer b : s.recvs) {
                got.writeBytes(Bytes.filled(b));
            }
            assertEquals(s.sent, got.size(), () -> "bytes received on " + s.pair + " (sent " + s.sent + ")");
        }
        int at = Patterns.firstMismatch(s.seed, 0, ByteBuffer.wrap(got.toByteArray()));
        assertEquals(-1, at, () -> "the receives on " + s.pair + ", read in the order they were submitted, do not "
                + "hold its stream in order (or hold another connection's bytes) from offset " + at);
    }

    private static void awaitAllCompleted(Ledger ledger) throws InterruptedException {
        if (!ledger.awaitAllCompleted(Harness.AWAIT)) {
            fail((ledger.submittedCount() - ledger.completedCount()) + " operations did not complete within "
                    + Harness.AWAIT + " of their connections' close");
        }
    }

    private static void acquire(Semaphore room) throws InterruptedException {
        if (!room.tryAcquire(Harness.AWAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            fail(MAX_OUTSTANDING + " operations stayed in flight for " + Harness.AWAIT);
        }
    }
}
