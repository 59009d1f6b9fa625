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

    /**
     * The peer's receive comes after the reset has (probably) landed. The peer is a connection
     * of the proactor rather than a blocking socket: under Wine a blocking socket's read after
     * a reset returns an end of stream, so it could not tell a reset from a FIN there.
     */
    @Test
    void a_recv_the_peer_submits_after_the_abort_completes_connection_reset() {
        Pair p = io.pair();
        io.abort(p.client());
        Completion c = io.await(io.recv(p.server(), ByteBuffer.allocate(16)), CONNECTION_RESET);
        assertEquals(0, c.bytesTransferred());
    }

    @Test
    void abort_with_unsent_data_ends_the_peers_stream_with_a_reset_not_an_end_of_stream() {
        Pair p = io.pair();
        ByteBuffer big = ByteBuffer.allocateDirect(StuckSend.SIZE);
        long send = io.send(p.client(), big);
        io.await(io.recv(p.server(), ByteBuffer.allocate(1)), OK); // the send is under way
        io.abort(p.client());
        io.await(send);
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        long received = 1;
        Completion c;
        do {
            c = io.await(io.recv(p.server(), chunk.clear()));
            received += c.bytesTransferred();
        } while (c.status() == OK && received < StuckSend.SIZE);
        Completion last = c;
        assertEquals(CONNECTION_RESET, last.status(), () -> "after " + last + ": the unsent data was dropped and the peer reset");
        assertTrue(received < StuckSend.SIZE, "the peer received less than was asked to be sent");
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
}
