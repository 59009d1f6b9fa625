package io.overlap.conformance;

import static io.overlap.CompletionStatus.CLOSED;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.ProactorConfig;
import io.overlap.conformance.Harness.PeerConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Operation ids: never reissued by a proactor, and unknown to any other proactor and when never
 * issued ({@code cancel} returns false and nothing else changes).
 */
public class OpIdScenarios extends ScenarioSupport {
    private static final int PENDING = 16;
    private static final int SEQUENTIAL = 100_000;
    private static final int PER_PROACTOR = 1_000;

    @Test
    void an_id_from_another_proactor_is_unknown_to_it() throws IOException {
        // two fresh proactors doing the same things: ids made the same way would be the same ids
        Harness other = open(ProactorConfig.builder());
        PeerConnection mine = io.peer();
        PeerConnection theirs = other.peer();
        List<Long> myRecvs = pendingRecvs(io, mine);
        List<Long> theirRecvs = pendingRecvs(other, theirs);
        for (long id : myRecvs) {
            assertFalse(other.cancel(id), () -> "another proactor cancelled op " + Long.toHexString(id));
        }
        for (long id : theirRecvs) {
            assertFalse(io.cancel(id), () -> "a proactor cancelled another's op " + Long.toHexString(id));
        }
        io.expectNoCompletion(Duration.ofMillis(100), "a cancel through another proactor completed an op");
        other.expectNoCompletion(Duration.ZERO, "a cancel through another proactor completed an op");
        assertEachCompletesWithItsByte(io, mine, myRecvs);
        assertEachCompletesWithItsByte(other, theirs, theirRecvs);
    }

    @Test
    void a_never_issued_id_is_unknown() {
        PeerConnection p = io.peer();
        List<Long> recvs = pendingRecvs(io, p);
        Set<Long> issued = new HashSet<>(recvs);
        List<Long> strangers = new ArrayList<>(List.of(0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE));
        for (long id : recvs) {
            strangers.addAll(List.of(id + 1, id - 1, id + (1L << 32), id - (1L << 32), id ^ Long.MIN_VALUE, ~id));
        }
        for (long id : strangers) {
            if (!issued.contains(id)) {
                assertFalse(io.cancel(id), () -> "cancel of the never-issued id " + Long.toHexString(id) + " returned true");
            }
        }
        io.expectNoCompletion(Duration.ofMillis(100), "a cancel of a never-issued id completed an op");
        assertEachCompletesWithItsByte(io, p, recvs);
    }

    @Test
    void ids_never_repeat_over_a_hundred_thousand_ops_on_a_depth_one_table() throws IOException {
        Harness one = open(ProactorConfig.builder().maxInFlight(1));
        PeerConnection live = one.peer();
        PeerConnection dead = one.peer();
        one.close(dead.conn());
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < SEQUENTIAL; i++) {
            long id;
            if (i % 1000 == 0) {
                id = one.send(live.conn(), Bytes.utf8("x")); // through the backend now and then
                one.await(id, OK);
            } else {
                id = one.recv(dead.conn(), ByteBuffer.allocate(1)); // completed CLOSED by the core at once
                one.await(id, CLOSED);
            }
            long repeated = id;
            assertTrue(seen.add(id), () -> "op id " + Long.toHexString(repeated) + " was issued twice in "
                    + seen.size() + " operations of one slot");
        }
    }

    @Test
    void ids_are_distinct_across_two_proactors_opened_one_after_the_other() throws IOException {
        Set<Long> first;
        try (Harness a = Harness.open(ProactorConfig.builder(), loopback())) {
            first = closedSubmissions(a);
        }
        Set<Long> second;
        try (Harness b = Harness.open(ProactorConfig.builder(), loopback())) {
            second = closedSubmissions(b);
        }
        Set<Long> both = new HashSet<>(first);
        both.retainAll(second);
        assertTrue(both.isEmpty(), () -> both.size() + " of " + PER_PROACTOR + " op ids of the first proactor were"
                + " issued again by the next, e.g. " + both.stream().limit(3).map(Long::toHexString).toList());
    }

    /** @return the ids of {@link #PER_PROACTOR} submissions that completed CLOSED at once */
    private static Set<Long> closedSubmissions(Harness h) {
        PeerConnection p = h.peer();
        Set<Long> ids = new HashSet<>();
        h.close(p.conn());
        for (int i = 0; i < PER_PROACTOR; i++) {
            long id = h.recv(p.conn(), ByteBuffer.allocate(1));
            h.await(id, CLOSED);
            ids.add(id);
        }
        return ids;
    }

    private static List<Long> pendingRecvs(Harness h, PeerConnection p) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < PENDING; i++) {
            ids.add(h.recv(p.conn(), ByteBuffer.allocate(1)));
        }
        return ids;
    }

    private static void assertEachCompletesWithItsByte(Harness h, PeerConnection p, List<Long> recvs) {
        Bytes.write(p.socket(), Patterns.bytes(5, 0, recvs.size()));
        for (Completion c : h.awaitAll(recvs, OK)) {
            assertEquals(1, c.bytesTransferred(), () -> "a one-byte receive: " + c);
        }
    }
}
