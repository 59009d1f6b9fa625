package io.overlap.conformance;

import static io.overlap.CompletionStatus.CONNECTION_RESET;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.OpKind;
import io.overlap.conformance.Harness.PeerConnection;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Sends: guarantees 2 and 3 (complete only when every byte is handed to the OS), and reset. */
public class SendScenarios extends ConnectionScenarioSupport {
    private static final int LARGE = 8 << 20;

    @Test
    void send_completes_only_after_every_byte_is_handed_to_the_os() {
        PeerConnection p = io.peer();
        ByteBuffer src = Patterns.buffer(21, 0, LARGE);
        Background<byte[]> reader = Background.start("reader", () -> Bytes.readFully(p.socket(), LARGE));
        Completion c = io.await(io.sendWith(p.conn(), "tag", src), OK);
        assertEquals(OpKind.SEND, c.kind());
        assertSame(p.conn(), c.handle());
        assertEquals("tag", c.attachment());
        assertEquals(LARGE, c.bytesTransferred(), "a send completes with every byte");
        assertEquals(0, src.remaining(), "the buffer's position advanced to its limit");
        byte[] got = reader.get();
        assertEquals(-1, Patterns.firstMismatch(21, 0, ByteBuffer.wrap(got)), "the peer received the bytes in order");
    }

    @Test
    void gather_send_writes_its_buffers_in_order() {
        PeerConnection p = io.peer();
        byte[] all = Patterns.bytes(5, 0, 3 + 5 + 70_000);
        ByteBuffer a = ByteBuffer.wrap(all, 0, 3).slice();
        ByteBuffer b = ByteBuffer.allocateDirect(5).put(all, 3, 5).flip();
        ByteBuffer c = ByteBuffer.wrap(all, 8, 70_000).slice();
        Background<byte[]> reader = Background.start("reader", () -> Bytes.readFully(p.socket(), all.length));
        Completion done = io.await(io.send(p.conn(), a, b, c), OK);
        assertEquals(all.length, done.bytesTransferred());
        assertArrayEquals(all, reader.get(), "gather: 3 + 5 + 70000 bytes in order");
    }

    @Test
    void send_advances_positions_by_the_bytes_sent_and_leaves_the_contents_untouched() {
        PeerConnection p = io.peer();
        byte[] backing = Patterns.bytes(9, 0, 64);
        byte[] before = backing.clone();
        ByteBuffer src = ByteBuffer.wrap(backing);
        src.position(5).limit(50);
        Completion c = io.await(io.send(p.conn(), src), OK);
        assertEquals(45, c.bytesTransferred());
        assertEquals(50, src.position(), "position advanced by the bytes sent");
        assertEquals(50, src.limit(), "limit untouched");
        assertArrayEquals(before, backing, "a send does not write into its buffer");
        assertArrayEquals(Arrays.copyOfRange(before, 5, 50), Bytes.readFully(p.socket(), 45));
    }

    /**
     * The reset comes only once the send is known to be pending (the peer's receive buffer has
     * filled and stays full): a reset landing during the send's system call is another
     * scenario ({@link ResetScenarios}), which Wine loses when no receive is pending.
     */
    @Test
    void send_to_a_reset_peer_completes_connection_reset_with_the_partial_count() {
        PeerConnection p = io.peer();
        StuckSend send = StuckSend.submit(io, p);
        Bytes.reset(p.socket());
        Completion c = io.await(send.id(), CONNECTION_RESET);
        assertTrue(c.bytesTransferred() < send.size(), () -> "partial count " + c.bytesTransferred() + " of " + send.size());
        assertEquals(c.bytesTransferred(), send.src().position(), "the position shows the bytes handed over");
    }
}
