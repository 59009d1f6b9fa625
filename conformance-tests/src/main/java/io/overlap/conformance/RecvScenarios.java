package io.overlap.conformance;

import static io.overlap.CompletionStatus.CONNECTION_RESET;
import static io.overlap.CompletionStatus.END_OF_STREAM;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.overlap.Completion;
import io.overlap.OpKind;
import io.overlap.conformance.Harness.PeerConnection;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Receives: guarantees 2 (buffer ownership) and 3 (at least one byte, or end of stream), and reset. */
public class RecvScenarios extends ConnectionScenarioSupport {

    @Test
    void recv_completes_with_the_bytes_the_peer_sent() {
        PeerConnection p = io.peer();
        Bytes.write(p.socket(), "hello");
        ByteBuffer dst = ByteBuffer.allocate(64);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < 5) {
            dst.clear();
            Completion c = io.await(io.recvWith(p.conn(), "tag", dst), OK);
            assertEquals(OpKind.RECV, c.kind());
            assertSame(p.conn(), c.handle());
            assertEquals("tag", c.attachment());
            assertSame(dst, c.buffers()[0], "the completion gives back the caller's buffers");
            assertEquals(c.bytesTransferred(), dst.position(), "position advanced by the bytes received");
            got.writeBytes(Bytes.filled(dst));
        }
        assertEquals("hello", got.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void recv_completes_end_of_stream_after_peer_shutdown() {
        PeerConnection p = io.peer();
        long id = io.recv(p.conn(), ByteBuffer.allocate(16));
        Bytes.shutdownOutput(p.socket());
        Completion c = io.await(id, END_OF_STREAM);
        assertEquals(0, c.bytesTransferred());
        assertEquals(0, c.buffers()[0].position(), "end of stream leaves the buffer untouched");
    }

    @Test
    void recv_completes_end_of_stream_after_peer_close() throws Exception {
        PeerConnection p = io.peer();
        long id = io.recv(p.conn(), ByteBuffer.allocate(16));
        p.socket().close();
        assertEquals(0, io.await(id, END_OF_STREAM).bytesTransferred());
    }

    @Test
    void recv_after_end_of_stream_completes_end_of_stream_again() {
        PeerConnection p = io.peer();
        Bytes.shutdownOutput(p.socket());
        io.await(io.recv(p.conn(), ByteBuffer.allocate(16)), END_OF_STREAM);
        io.await(io.recv(p.conn(), ByteBuffer.allocate(16)), END_OF_STREAM);
    }

    @Test
    void recv_delivers_the_data_then_end_of_stream_after_peer_sends_and_shuts_down() {
        PeerConnection p = io.peer();
        byte[] data = Patterns.bytes(7, 0, 3000);
        Bytes.write(p.socket(), data);
        Bytes.shutdownOutput(p.socket());
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (true) {
            ByteBuffer dst = ByteBuffer.allocate(1000);
            Completion c = io.await(io.recv(p.conn(), dst));
            if (c.status() == END_OF_STREAM) {
                break;
            }
            assertEquals(OK, c.status(), () -> "before end of stream: " + c);
            got.writeBytes(Bytes.filled(dst));
        }
        assertArrayEquals(data, got.toByteArray(), "every byte before end of stream, in order");
    }

    @Test
    void recv_submitted_before_the_data_completes_when_it_arrives() {
        PeerConnection p = io.peer();
        ByteBuffer dst = ByteBuffer.allocate(8);
        long id = io.recv(p.conn(), dst);
        io.expectNoCompletion(Duration.ofMillis(100), "a receive completed with no data sent");
        Bytes.write(p.socket(), "x");
        Completion c = io.await(id, OK);
        assertEquals(1, c.bytesTransferred());
        assertEquals('x', dst.get(0));
    }

    @Test
    void recv_completes_with_what_arrived_without_waiting_to_fill_the_buffer() {
        PeerConnection p = io.peer();
        ByteBuffer dst = ByteBuffer.allocate(64 * 1024);
        long id = io.recv(p.conn(), dst);
        Bytes.write(p.socket(), "0123456789");
        Completion c = io.await(id, OK);
        long n = c.bytesTransferred();
        assertEquals(true, n >= 1 && n <= 10, () -> "got " + n + " of the 10 bytes sent");
        assertEquals(n, dst.position());
    }

    @Test
    void recv_advances_the_position_by_the_bytes_received_and_touches_nothing_else() {
        PeerConnection p = io.peer();
        byte[] backing = new byte[128];
        Arrays.fill(backing, (byte) 0x5A);
        ByteBuffer dst = ByteBuffer.wrap(backing);
        dst.position(10).limit(100);
        long id = io.recv(p.conn(), dst);
        Bytes.write(p.socket(), Patterns.bytes(3, 0, 7));
        Completion c = io.await(id, OK);
        int n = (int) c.bytesTransferred();
        assertEquals(10 + n, dst.position(), "position advanced by the bytes received");
        assertEquals(100, dst.limit(), "limit untouched");
        for (int i = 0; i < backing.length; i++) {
            if (i >= 10 && i < 10 + n) {
                assertEquals(Patterns.at(3, i - 10), backing[i], "received byte " + i);
            } else {
                assertEquals((byte) 0x5A, backing[i], "byte " + i + " outside the received range was touched");
            }
        }
    }

    @Test
    void scatter_recv_fills_its_buffers_in_order() {
        PeerConnection p = io.peer();
        byte[] data = Patterns.bytes(11, 0, 15);
        Bytes.write(p.socket(), data);
        ByteBuffer[] dsts = {ByteBuffer.allocate(3), ByteBuffer.allocateDirect(5), ByteBuffer.allocate(7)};
        int total = 0;
        while (total < 15) {
            int before = total;
            Completion c = io.await(io.recv(p.conn(), dsts), OK);
            total += (int) c.bytesTransferred();
            // a later buffer may only hold bytes once every earlier one is full
            boolean seenRoom = false;
            for (ByteBuffer b : dsts) {
                if (seenRoom) {
                    assertEquals(0, b.position(), "a later buffer was written before an earlier one was full");
                }
                seenRoom |= b.hasRemaining();
            }
            assertEquals(true, total > before);
        }
        assertArrayEquals(data, Bytes.filled(dsts), "scatter: 3 + 5 + 7 bytes in order");
    }

    @Test
    void recv_completes_connection_reset_after_peer_reset() {
        PeerConnection p = io.peer();
        long id = io.recv(p.conn(), ByteBuffer.allocate(16));
        Bytes.reset(p.socket());
        Completion c = io.await(id, CONNECTION_RESET);
        assertEquals(0, c.bytesTransferred());
    }
}
