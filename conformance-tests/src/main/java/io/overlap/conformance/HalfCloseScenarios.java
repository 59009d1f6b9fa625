package io.overlap.conformance;

import static io.overlap.CompletionStatus.CLOSED;
import static io.overlap.CompletionStatus.END_OF_STREAM;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.overlap.Completion;
import io.overlap.conformance.Harness.Pair;
import io.overlap.conformance.Harness.PeerConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Half-close both ways: the shut side's peer sees end of stream, the other direction keeps working. */
public class HalfCloseScenarios extends ConnectionScenarioSupport {

    @Test
    void shutdown_output_gives_the_peer_end_of_stream_while_receives_still_work() {
        PeerConnection p = io.peer();
        io.await(io.send(p.conn(), Bytes.utf8("bye")), OK);
        io.proactor().shutdownOutput(p.conn());
        assertArrayEquals("bye".getBytes(StandardCharsets.UTF_8), Bytes.readToEnd(p.socket()),
                "the peer reads what was sent, then end of stream");
        Bytes.write(p.socket(), "still here");
        ByteBuffer dst = ByteBuffer.allocate(10);
        while (dst.hasRemaining()) {
            io.await(io.recv(p.conn(), dst), OK);
        }
        assertEquals("still here", Bytes.filledText(dst));
    }

    @Test
    void peer_shutdown_output_gives_end_of_stream_while_sends_still_work() {
        PeerConnection p = io.peer();
        Bytes.shutdownOutput(p.socket());
        io.await(io.recv(p.conn(), ByteBuffer.allocate(8)), END_OF_STREAM);
        io.await(io.send(p.conn(), Bytes.utf8("reply")), OK);
        assertArrayEquals("reply".getBytes(StandardCharsets.UTF_8), Bytes.readFully(p.socket(), 5));
    }

    @Test
    void shutdown_output_first_writes_the_sends_already_submitted() {
        PeerConnection p = io.peer();
        int size = 4 << 20;
        long id = io.send(p.conn(), Patterns.buffer(51, 0, size));
        io.proactor().shutdownOutput(p.conn());
        Background<byte[]> reader = Background.start("reader", () -> Bytes.readToEnd(p.socket()));
        assertEquals(size, io.await(id, OK).bytesTransferred());
        byte[] got = reader.get();
        assertEquals(size, got.length, "every byte submitted before the shutdown, then end of stream");
        assertEquals(-1, Patterns.firstMismatch(51, 0, ByteBuffer.wrap(got)));
    }

    @Test
    void send_after_shutdown_output_completes_closed() {
        PeerConnection p = io.peer();
        io.proactor().shutdownOutput(p.conn());
        Completion c = io.await(io.send(p.conn(), Bytes.utf8("late")), CLOSED);
        assertEquals(0, c.bytesTransferred());
    }

    @Test
    void both_ends_on_the_proactor_half_close_each_way() {
        Pair p = io.pair();
        io.proactor().shutdownOutput(p.client());
        io.await(io.recv(p.server(), ByteBuffer.allocate(8)), END_OF_STREAM);
        io.await(io.send(p.server(), Bytes.utf8("one")), OK);
        ByteBuffer dst = ByteBuffer.allocate(3);
        while (dst.hasRemaining()) {
            io.await(io.recv(p.client(), dst), OK);
        }
        assertEquals("one", Bytes.filledText(dst));
        io.proactor().shutdownOutput(p.server());
        io.await(io.recv(p.client(), ByteBuffer.allocate(8)), END_OF_STREAM);
    }
}
