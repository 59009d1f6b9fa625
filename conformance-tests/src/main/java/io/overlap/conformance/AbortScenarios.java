package io.overlap.conformance;

import static io.overlap.CompletionStatus.CANCELLED;
import static io.overlap.CompletionStatus.CLOSED;
import static io.overlap.CompletionStatus.CONNECTION_RESET;
import static io.overlap.CompletionStatus.END_OF_STREAM;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.HandleClosedException;
import io.overlap.conformance.Harness.Pair;
import io.overlap.conformance.Harness.PeerConnection;
import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Abortive close ({@link io.overlap.Proactor#abort}): the connection's own pending operations
 * complete {@code CANCELLED}, the peer sees a reset (never an end of stream), and the
 * connection is closed like any other afterwards.
 */
public class AbortScenarios extends ConnectionScenarioSupport {

    @Test
    void abort_completes_the_pending_recv_and_the_pending_send_cancelled() {
        PeerConnection p = io.peer();
        long recv = io.recv(p.conn(), ByteBuffer.allocate(16));
        StuckSend send = StuckSend.submit(io, p);
        io.abort(p.conn());
        Map<Long, Completion> done = io.awaitAll(List.of(recv, send.id()));
        assertEquals(CANCELLED, done.get(recv).status(), () -> "the pending receive: " + done.get(recv));
        assertEquals(CANCELLED, done.get(send.id()).status(), () -> "the pending send: " + done.get(send.id()));
        assertFalse(p.conn().isOpen(), "an aborted connection is closed");
    }

    @Test
    void abort_makes_a_recv_pending_on_the_peer_complete_connection_reset() {
        Pair p = io.pair();
        long peerRecv = io.recv(p.server(), ByteBuffer.allocate(16));
        io.abort(p.client());
        Completion c = io.await(peerRecv, CONNECTION_RESET);
        assertEquals(0, c.bytesTransferred());
    }

    @Test
    void abort_is_seen_by_a_blocking_peer_as_a_reset_not_an_end_of_stream() {
        PeerConnection p = io.peer();
        io.abort(p.conn());
        SocketException e = assertThrows(SocketException.class, () -> Bytes.readOne(p.socket()),
                "the peer's read after the abort: a reset, not -1 (a FIN)");
        assertTrue(String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("reset"),
                () -> "the peer's read failed with a reset: " + e);
    }

    @Test
    void abort_with_unsent_data_still_resets_the_peer() {
        PeerConnection p = io.peer();
        StuckSend send = StuckSend.submit(io, p);
        io.abort(p.conn());
        io.await(send.id(), CANCELLED);
        assertThrows(SocketException.class, () -> drain(p), "the peer reads what had arrived, then the reset");
    }

    @Test
    void submissions_after_abort_complete_closed() {
        Pair p = io.pair();
        io.abort(p.client());
        io.await(io.recv(p.client(), ByteBuffer.allocate(16)), CLOSED);
        io.await(io.send(p.client(), Bytes.utf8("late")), CLOSED);
    }

    @Test
    void abort_after_close_and_close_after_abort_change_nothing() {
        Pair p = io.pair();
        long peerRecv = io.recv(p.server(), ByteBuffer.allocate(16));
        io.close(p.client());
        io.abort(p.client());
        Completion c = io.await(peerRecv);
        assertEquals(END_OF_STREAM, c.status(),
                () -> "the peer of a gracefully closed connection sees the end of stream, an abort after it notwithstanding: " + c);
        Pair q = io.pair();
        io.abort(q.client());
        io.abort(q.client());
        io.close(q.client());
        io.await(io.recv(q.server(), ByteBuffer.allocate(16)), CONNECTION_RESET);
    }

    @Test
    void an_option_on_an_aborted_connection_throws_handle_closed() {
        Pair p = io.pair();
        io.abort(p.client());
        assertThrows(HandleClosedException.class, () -> p.client().getOption(StandardSocketOptions.SO_LINGER));
        assertThrows(HandleClosedException.class, () -> p.client().setOption(StandardSocketOptions.SO_LINGER, 1));
    }

    @Test
    void abort_resets_only_its_connection() {
        Pair aborted = io.pair();
        Pair other = io.pair();
        long otherRecv = io.recv(other.server(), ByteBuffer.allocate(16));
        io.abort(aborted.client());
        io.await(io.recv(aborted.server(), ByteBuffer.allocate(16)), CONNECTION_RESET);
        io.await(io.send(other.client(), Bytes.utf8("still")), OK);
        io.await(otherRecv, OK);
    }

    /** Reads until the stream fails or ends; @throws SocketException at a reset */
    private static void drain(PeerConnection p) throws IOException {
        byte[] chunk = new byte[1 << 16];
        while (p.socket().getInputStream().read(chunk) >= 0) {
            // what had arrived before the reset may be read first, or discarded by it
        }
    }
}
