package io.overlap.conformance;

import static io.overlap.CompletionStatus.CONNECTION_RESET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.conformance.Harness.PeerConnection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Guarantee 5, a peer's reset: every operation of the connection it reaches, pending or
 * submitted after it, completes {@code CONNECTION_RESET} on every backend, whichever operation
 * the OS told first (so a send the OS never finishes still completes once a receive saw the reset).
 */
public class ResetScenarios extends ConnectionScenarioSupport {
    /** Time for a reset sent on the loopback to reach the other socket before the next step. */
    private static final Duration LANDING = Duration.ofMillis(100);
    private static final int RACES = 20;

    @Test
    void recv_submitted_after_a_peer_reset_completes_connection_reset() {
        PeerConnection p = io.peer();
        Bytes.reset(p.socket());
        io.expectNoCompletion(LANDING, "a completion with nothing pending");
        Completion c = io.await(io.recv(p.conn(), ByteBuffer.allocate(16)), CONNECTION_RESET);
        assertEquals(0, c.bytesTransferred());
    }

    @Test
    void recv_after_a_recv_saw_the_peer_reset_completes_connection_reset_again() {
        PeerConnection p = io.peer();
        long first = io.recv(p.conn(), ByteBuffer.allocate(16));
        Bytes.reset(p.socket());
        io.await(first, CONNECTION_RESET);
        Completion again = io.await(io.recv(p.conn(), ByteBuffer.allocate(16)), CONNECTION_RESET);
        assertEquals(0, again.bytesTransferred(), "a reset connection has no more bytes, and no end of stream");
    }

    @Test
    void send_after_a_recv_saw_the_peer_reset_completes_connection_reset() {
        PeerConnection p = io.peer();
        long recv = io.recv(p.conn(), ByteBuffer.allocate(16));
        Bytes.reset(p.socket());
        io.await(recv, CONNECTION_RESET);
        Completion c = io.await(io.send(p.conn(), Bytes.utf8("too late")), CONNECTION_RESET);
        assertTrue(c.bytesTransferred() < 8, () -> "a send after the reset handed over " + c.bytesTransferred() + " bytes");
    }

    @Test
    void recv_after_a_send_saw_the_peer_reset_completes_connection_reset() {
        PeerConnection p = io.peer();
        StuckSend send = StuckSend.submit(io, p);
        Bytes.reset(p.socket());
        io.await(send.id(), CONNECTION_RESET);
        Completion c = io.await(io.recv(p.conn(), ByteBuffer.allocate(16)), CONNECTION_RESET);
        assertEquals(0, c.bytesTransferred());
    }

    @Test
    void a_peer_reset_completes_both_the_pending_recv_and_the_pending_send_connection_reset() {
        PeerConnection p = io.peer();
        long recv = io.recv(p.conn(), ByteBuffer.allocate(16));
        StuckSend send = StuckSend.submit(io, p);
        Bytes.reset(p.socket());
        assertBothReset(recv, send.id(), "once the send was pending");
    }

    /**
     * The reset lands while the send's system call may still be under way (Wine then never
     * signals the send): the pending receive sees the reset, and the connection's send must
     * complete with it rather than hang.
     */
    @Test
    void a_send_raced_by_a_peer_reset_completes_connection_reset_while_a_recv_is_pending() {
        ByteBuffer src = ByteBuffer.allocateDirect(StuckSend.SIZE);
        for (int i = 0; i < RACES; i++) {
            PeerConnection p = io.peer();
            long recv = io.recv(p.conn(), ByteBuffer.allocate(16));
            long send = io.send(p.conn(), src.clear());
            Bytes.reset(p.socket());
            assertBothReset(recv, send, "in race " + i + " of " + RACES);
            io.close(p.conn());
        }
    }

    private void assertBothReset(long recv, long send, String when) {
        Map<Long, Completion> done = io.awaitAll(List.of(recv, send));
        Completion r = done.get(recv);
        Completion s = done.get(send);
        assertEquals(CONNECTION_RESET, r.status(), () -> "the pending receive " + when + ": " + r);
        assertEquals(CONNECTION_RESET, s.status(), () -> "the pending send " + when + ": " + s);
        assertTrue(s.bytesTransferred() < StuckSend.SIZE, () -> "a reset send handed over every byte: " + s);
        assertEquals(s.bytesTransferred(), s.buffers()[0].position(), "the position shows the bytes handed over");
    }
}
