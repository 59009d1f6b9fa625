package io.overlap.conformance;

import static io.overlap.CompletionStatus.CANCELLED;
import static io.overlap.CompletionStatus.CLOSED;
import static io.overlap.CompletionStatus.END_OF_STREAM;
import static io.overlap.CompletionStatus.OK;
import static io.overlap.CompletionStatus.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.ProactorConfig;
import io.overlap.ProactorStats;
import io.overlap.conformance.Harness.Pair;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link io.overlap.Proactor#stats()}: the counts the core keeps for every backend add up exactly
 * to what the scenario did, by kind, status and bytes, and across the I/O threads.
 */
public class StatsScenarios extends ConnectionScenarioSupport {
    private static final int ROUNDS = 50;
    private static final int SIZE = 1000;

    @Test
    void sends_and_receives_are_counted_exactly_by_kind_status_and_bytes() {
        Pair pair = io.pair();
        ProactorStats before = io.proactor().stats();
        long received = 0;
        int recvs = 0;
        for (int i = 0; i < ROUNDS; i++) {
            io.await(io.send(pair.client(), Patterns.buffer(i, 0, SIZE)), OK);
            for (int got = 0; got < SIZE; recvs++) {
                Completion c = io.await(io.recv(pair.server(), ByteBuffer.allocate(SIZE)), OK);
                got += (int) c.bytesTransferred();
                received += c.bytesTransferred();
            }
        }
        ProactorStats after = io.proactor().stats();
        assertEquals(ROUNDS, delta(before, after, OpKind.SEND, OK));
        assertEquals(ROUNDS, after.submitted(OpKind.SEND) - before.submitted(OpKind.SEND));
        assertEquals(recvs, delta(before, after, OpKind.RECV, OK));
        assertEquals(recvs, after.submitted(OpKind.RECV) - before.submitted(OpKind.RECV));
        assertEquals((long) ROUNDS * SIZE, after.bytesSent() - before.bytesSent());
        assertEquals(received, after.bytesReceived() - before.bytesReceived());
        assertEquals((long) ROUNDS * SIZE, received);
        assertEquals(ROUNDS + recvs, after.completed() - before.completed(), "nothing else completed");
        assertEquals(0, after.inFlight());
        assertAddsUp(after);
    }

    @Test
    void accepts_connects_and_every_ending_status_are_counted() {
        ProactorStats before = io.proactor().stats();
        Pair pair = io.pair(); // one accept, one connect
        io.await(io.recv(pair.server(), Duration.ofMillis(50), ByteBuffer.allocate(8)), TIMED_OUT);
        long pending = io.recv(pair.server(), ByteBuffer.allocate(8));
        io.cancel(pending);
        io.await(pending, CANCELLED);
        io.proactor().shutdownOutput(pair.client());
        io.await(io.recv(pair.server(), ByteBuffer.allocate(8)), END_OF_STREAM);
        io.await(io.send(pair.client(), ByteBuffer.allocate(8)), CLOSED);
        ProactorStats after = io.proactor().stats();
        assertEquals(1, delta(before, after, OpKind.ACCEPT, OK));
        assertEquals(1, delta(before, after, OpKind.CONNECT, OK));
        assertEquals(1, delta(before, after, OpKind.RECV, TIMED_OUT));
        assertEquals(1, delta(before, after, OpKind.RECV, CANCELLED));
        assertEquals(1, delta(before, after, OpKind.RECV, END_OF_STREAM));
        assertEquals(1, delta(before, after, OpKind.SEND, CLOSED));
        assertEquals(6, after.completed() - before.completed());
        assertEquals(6, after.submitted() - before.submitted());
        assertEquals(0, after.bytesSent() - before.bytesSent(), "a send refused as CLOSED moved nothing");
        assertAddsUp(after);
    }

    @Test
    void pooled_receives_count_their_leases_and_the_pool_shows_what_is_leased_now() {
        Pair pair = io.pair();
        ProactorStats before = io.proactor().stats();
        io.await(io.send(pair.client(), Bytes.utf8("leased")), OK);
        List<Completion> held = new ArrayList<>();
        long got = 0;
        while (got < 6) {
            Completion c = io.await(io.recvPooled(pair.server()), OK);
            held.add(c);
            got += c.bytesTransferred();
        }
        ProactorStats during = io.proactor().stats();
        assertEquals(held.size(), during.leases() - before.leases());
        assertEquals(before.poolLeased() + held.size(), during.poolLeased());
        assertEquals(6, during.bytesReceived() - before.bytesReceived());
        held.forEach(c -> c.lease().release());
        assertEquals(before.poolLeased(), io.proactor().stats().poolLeased());
    }

    @Test
    void io_threads_are_named_and_their_counts_with_the_rest_add_up_in_handler_mode() throws Exception {
        AtomicLong handled = new AtomicLong();
        Harness h = openHandlerMode(ProactorConfig.builder().ioThreads(2), c -> handled.incrementAndGet());
        List<Pair> pairs = h.pairs(4);
        for (int i = 0; i < ROUNDS; i++) {
            for (Pair p : pairs) {
                h.await(h.send(p.client(), Patterns.buffer(i, 0, 10)), OK);
                h.await(h.recv(p.server(), ByteBuffer.allocate(10)), OK);
            }
        }
        ProactorStats s = h.proactor().stats();
        assertFalse(s.ioThreads().isEmpty(), "the I/O threads that completed are listed");
        long onThreads = 0;
        for (ProactorStats.IoThread t : s.ioThreads()) {
            assertFalse(t.name().isBlank());
            assertTrue(t.turns() > 0, () -> t + " began turns");
            onThreads += t.completed();
        }
        assertTrue(onThreads > 0, () -> "handler-mode completions are made on I/O threads: " + s);
        assertEquals(s.completed(), onThreads + s.completedElsewhere());
        assertEquals(handled.get(), s.completed(), "every completion the handler saw is counted, and no other");
        assertAddsUp(s);
    }

    @Test
    void after_the_proactor_closes_nothing_is_in_flight_and_every_submission_completed() throws Exception {
        Harness h = open(ProactorConfig.builder());
        Pair pair = h.pair();
        for (int i = 0; i < 10; i++) {
            h.recv(pair.server(), ByteBuffer.allocate(8)); // left pending: the close cancels them
        }
        h.accept(h.listener());
        h.proactor().close();
        ProactorStats s = h.proactor().stats();
        assertEquals(0, s.inFlight());
        assertEquals(s.submitted(), s.completed());
        assertEquals(10, s.completed(OpKind.RECV, CANCELLED));
        assertEquals(1, s.completed(OpKind.ACCEPT, CANCELLED));
        assertAddsUp(s);
    }

    private static long delta(ProactorStats before, ProactorStats after, OpKind kind, CompletionStatus status) {
        return after.completed(kind, status) - before.completed(kind, status);
    }

    /** With nothing in flight, every way of summing the counts gives the same totals. */
    private static void assertAddsUp(ProactorStats s) {
        assertEquals(0, s.inFlight(), () -> "quiescent: " + s);
        assertEquals(s.submitted(), s.completed(), () -> "every submission completed: " + s);
        long byKind = 0;
        long byStatus = 0;
        for (OpKind k : OpKind.values()) {
            assertEquals(s.submitted(k), s.completed(k), () -> k + ": " + s);
            byKind += s.completed(k);
        }
        for (CompletionStatus st : CompletionStatus.values()) {
            byStatus += s.completed(st);
        }
        assertEquals(s.completed(), byKind);
        assertEquals(s.completed(), byStatus);
        long onThreads = s.ioThreads().stream().mapToLong(ProactorStats.IoThread::completed).sum();
        assertEquals(s.completed(), onThreads + s.completedElsewhere(), () -> "threads and elsewhere: " + s);
    }
}
