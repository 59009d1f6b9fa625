package io.overlap.conformance;

import static io.overlap.CompletionStatus.CANCELLED;
import static io.overlap.CompletionStatus.CLOSED;
import static io.overlap.CompletionStatus.CONNECTION_REFUSED;
import static io.overlap.CompletionStatus.OK;
import static io.overlap.CompletionStatus.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.ProactorConfig;
import io.overlap.conformance.Harness.Pair;
import io.overlap.conformance.Harness.PeerConnection;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Handler mode: completions run on the backend's threads and keep the same contract as queue mode. */
public class HandlerModeScenarios extends ScenarioSupport {

    @Test
    void handler_mode_delivers_each_completion_once_on_a_backend_thread() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Harness h = openHandlerMode(ProactorConfig.builder(), c -> threads.add(Thread.currentThread().getName()));
        PeerConnection p = h.peer();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(h.send(p.conn(), Patterns.buffer(61, i * 10L, 10)));
        }
        byte[] got = Bytes.readFully(p.socket(), 1000);
        h.awaitAll(ids, OK);
        assertEquals(-1, Patterns.firstMismatch(61, 0, ByteBuffer.wrap(got)));
        String me = Thread.currentThread().getName();
        for (String t : threads) {
            assertTrue(t.startsWith(Resources.THREAD_PREFIX) && !t.equals(me),
                    () -> "a completion handler ran on " + t + ", not on one of the backend's threads");
        }
    }

    @Test
    void handler_mode_runs_an_echo_chain_submitted_from_the_handler() throws Exception {
        int rounds = 1000;
        int message = 8;
        AtomicReference<Harness> ref = new AtomicReference<>();
        AtomicReference<Pair> pairRef = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ByteArrayOutputStream echoed = new ByteArrayOutputStream();
        AtomicInteger sentRounds = new AtomicInteger();
        AtomicReference<Throwable> trouble = new AtomicReference<>();
        Harness h = openHandlerMode(ProactorConfig.builder(), c -> {
            if (!(c.attachment() instanceof String tag)) {
                return; // the pair's own accept and connect
            }
            try {
                Harness io2 = ref.get();
                Pair p = pairRef.get();
                if (c.status() != OK) {
                    if (c.status() != CANCELLED) {
                        trouble.compareAndSet(null, new AssertionError("in the echo chain: " + c));
                    }
                    return;
                }
                switch (tag) {
                    case "server-recv" -> {
                        ByteBuffer in = c.buffers()[0].flip();
                        io2.sendWith(p.server(), "server-send", ByteBuffer.allocate(in.remaining()).put(in).flip());
                        io2.recvWith(p.server(), "server-recv", ByteBuffer.allocate(message));
                    }
                    case "client-recv" -> {
                        int total;
                        synchronized (echoed) {
                            echoed.writeBytes(Bytes.filled(c.buffers()));
                            total = echoed.size();
                        }
                        if (total == rounds * message) {
                            done.countDown();
                            return;
                        }
                        if (total == sentRounds.get() * message) {
                            sendRound(io2, p, sentRounds, message);
                        }
                        io2.recvWith(p.client(), "client-recv", ByteBuffer.allocate(message));
                    }
                    default -> {
                        // sends: nothing to do
                    }
                }
            } catch (RuntimeException | Error e) {
                trouble.compareAndSet(null, e);
            }
        });
        ref.set(h);
        Pair p = h.pair();
        pairRef.set(p);
        h.recvWith(p.server(), "server-recv", ByteBuffer.allocate(message));
        h.recvWith(p.client(), "client-recv", ByteBuffer.allocate(message));
        sendRound(h, p, sentRounds, message);
        assertTrue(done.await(Harness.AWAIT.toMillis(), TimeUnit.MILLISECONDS) || trouble.get() != null,
                () -> "the echo chain stopped after " + echoed.size() / message + " of " + rounds + " rounds");
        if (trouble.get() != null) {
            throw new AssertionError("the echo chain failed", trouble.get());
        }
        byte[] expected = Patterns.bytes(71, 0, rounds * message);
        synchronized (echoed) {
            assertArrayEquals(expected, echoed.toByteArray(), "every round echoed in order");
        }
    }

    private static void sendRound(Harness h, Pair p, AtomicInteger sentRounds, int message) {
        int r = sentRounds.getAndIncrement();
        h.sendWith(p.client(), "client-send", Patterns.buffer(71, (long) r * message, message));
    }

    @Test
    void handler_mode_close_from_the_handler_throws_illegal_state() throws Exception {
        AtomicReference<Harness> ref = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch tried = new CountDownLatch(1);
        Harness h = openHandlerMode(ProactorConfig.builder(), c -> {
            if ("try-close".equals(c.attachment())) {
                try {
                    ref.get().proactor().close();
                } catch (RuntimeException e) {
                    thrown.set(e);
                } finally {
                    tried.countDown();
                }
            }
        });
        ref.set(h);
        PeerConnection p = h.peer();
        h.sendWith(p.conn(), "try-close", Bytes.utf8("x"));
        assertTrue(tried.await(Harness.AWAIT.toMillis(), TimeUnit.MILLISECONDS), "the handler ran");
        assertInstanceOf(IllegalStateException.class, thrown.get(),
                "Proactor.close() from a completion handler must throw IllegalStateException");
        // the proactor still works
        Bytes.write(p.socket(), "y");
        h.await(h.recv(p.conn(), ByteBuffer.allocate(1)), OK);
    }

    @Test
    void handler_mode_has_no_completion_queue() throws Exception {
        Harness h = openHandlerMode(ProactorConfig.builder(), null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.proactor().completions());
        assertNotNull(e.getMessage());
        PeerConnection p = h.peer();
        h.await(h.send(p.conn(), Bytes.utf8("fine")), OK);
    }

    @Test
    void handler_mode_close_delivers_every_pending_op_before_it_returns() throws Exception {
        Set<Long> delivered = ConcurrentHashMap.newKeySet();
        Harness h = openHandlerMode(ProactorConfig.builder(), c -> delivered.add(c.id()));
        List<Pair> pairs = h.pairs(10);
        List<Long> pending = new ArrayList<>();
        for (Pair p : pairs) {
            for (int i = 0; i < 10; i++) {
                pending.add(h.recv(p.server(), ByteBuffer.allocate(4)));
            }
        }
        pending.add(h.accept(h.listener()));
        h.proactor().close();
        long missing = pending.stream().filter(id -> !delivered.contains(id)).count();
        assertEquals(0, missing, () -> missing + " of " + pending.size()
                + " pending ops had not reached the handler when Proactor.close() returned");
    }

    @Test
    void an_exception_thrown_by_the_handler_does_not_stop_delivery() throws Exception {
        Harness h = openHandlerMode(ProactorConfig.builder(), c -> {
            if ("boom".equals(c.attachment())) {
                throw new IllegalStateException("a handler failing on purpose");
            }
        });
        PeerConnection p = h.peer();
        List<Long> booms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            booms.add(h.sendWith(p.conn(), "boom", Bytes.utf8("b")));
        }
        h.awaitAll(booms, OK);
        Bytes.write(p.socket(), "after");
        ByteBuffer dst = ByteBuffer.allocate(5);
        while (dst.hasRemaining()) {
            Completion c = h.await(h.recv(p.conn(), dst), OK);
            assertTrue(c.bytesTransferred() > 0);
        }
        assertEquals("after", Bytes.filledText(dst));
    }

    @Test
    void a_handler_throwing_a_runtime_exception_on_every_completion_changes_nothing_else() throws Exception {
        assertAHandlerThrowingOnEveryCompletionChangesNothingElse(
                () -> new IllegalStateException("a handler failing on purpose"));
    }

    @Test
    void a_handler_throwing_an_error_on_every_completion_changes_nothing_else() throws Exception {
        assertAHandlerThrowingOnEveryCompletionChangesNothingElse(() -> new AssertionError("a handler failing on purpose"));
    }

    /**
     * Every kind of completion (accept, connect, receive, send, cancel, timeout, close, refused,
     * closed at submit, and the proactor's close) reaches a handler that throws; each still comes
     * exactly once, the proactor keeps working, and it closes with its threads joined.
     */
    private void assertAHandlerThrowingOnEveryCompletionChangesNothingElse(Supplier<Throwable> failure)
            throws Exception {
        int threadsBefore = Resources.backendThreads();
        AtomicInteger calls = new AtomicInteger();
        Harness h = openHandlerMode(ProactorConfig.builder().ioThreads(2), c -> {
            calls.incrementAndGet();
            Throwable t = failure.get();
            if (t instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) t;
        });
        List<Pair> pairs = h.pairs(4);
        for (Pair p : pairs) {
            long recv = h.recv(p.server(), ByteBuffer.allocate(8));
            h.await(h.send(p.client(), Bytes.utf8("12345678")), OK);
            assertTrue(h.await(recv, OK).bytesTransferred() > 0);
        }
        long cancelled = h.recv(pairs.get(0).client(), ByteBuffer.allocate(8));
        assertTrue(h.cancel(cancelled));
        h.await(cancelled, CANCELLED);
        h.await(h.recv(pairs.get(1).client(), Duration.ofMillis(50), ByteBuffer.allocate(8)), TIMED_OUT);
        long closedUnder = h.recv(pairs.get(2).server(), ByteBuffer.allocate(8));
        h.close(pairs.get(2).server());
        h.await(closedUnder, CANCELLED);
        h.await(h.recv(pairs.get(2).server(), ByteBuffer.allocate(8)), CLOSED);
        h.await(h.connect(h.refusingAddress(h.loopback())), CONNECTION_REFUSED);
        // still healthy after all those throws: a new connection carries data both ways
        Pair fresh = h.pair();
        long back = h.recv(fresh.client(), ByteBuffer.allocate(4));
        h.await(h.send(fresh.server(), Bytes.utf8("back")), OK);
        assertEquals("back", Bytes.filledText(h.await(back, OK).buffers()));
        long atClose = h.recv(pairs.get(3).server(), ByteBuffer.allocate(8));
        h.close(); // checks that every op completed exactly once and none is in flight
        assertEquals(CANCELLED, h.ledger().completion(atClose).status(), "the receive pending at the proactor's close");
        assertEquals(h.ledger().completedCount(), calls.get(), "the handler ran once per completion");
        assertEquals(threadsBefore, Resources.backendThreads(), "backend threads alive after Proactor.close() returned");
    }
}
