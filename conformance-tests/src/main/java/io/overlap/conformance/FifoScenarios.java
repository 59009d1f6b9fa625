package io.overlap.conformance;

import static io.overlap.CompletionStatus.CANCELLED;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.conformance.Harness.PeerConnection;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guarantee 4: receives (and sends) outstanding on one connection are filled (written) in submission order. */
public class FifoScenarios extends ConnectionScenarioSupport {

    @Test
    void ten_outstanding_recvs_fill_in_submission_order() {
        assertRecvsFillInOrder(10, 100, 31);
    }

    @Test
    void two_hundred_outstanding_recvs_on_one_connection_fill_in_submission_order() {
        assertRecvsFillInOrder(200, 50, 32);
    }

    private void assertRecvsFillInOrder(int count, int size, long seed) {
        PeerConnection p = io.peer();
        List<Long> ids = new ArrayList<>();
        List<ByteBuffer> dsts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ByteBuffer b = ByteBuffer.allocate(size);
            dsts.add(b);
            ids.add(io.recv(p.conn(), b));
        }
        Bytes.write(p.socket(), Patterns.bytes(seed, 0, count * size));
        io.awaitAll(ids, OK);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (ByteBuffer b : dsts) {
            stream.writeBytes(Bytes.filled(b));
        }
        byte[] got = stream.toByteArray();
        assertArrayEquals(Patterns.bytes(seed, 0, got.length), got,
                "the receives, read in submission order, must hold the stream in order");
    }

    @Test
    void ten_outstanding_sends_write_in_submission_order() {
        PeerConnection p = io.peer();
        int chunk = 64 * 1024;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(io.send(p.conn(), Patterns.buffer(41, (long) i * chunk, chunk)));
        }
        Background<byte[]> reader = Background.start("reader", () -> Bytes.readFully(p.socket(), 10 * chunk));
        for (Completion c : io.awaitAll(ids, OK)) {
            assertEquals(chunk, c.bytesTransferred());
        }
        byte[] got = reader.get();
        assertEquals(-1, Patterns.firstMismatch(41, 0, ByteBuffer.wrap(got)),
                "the peer must read the sends' bytes in submission order");
    }

    @Test
    void a_thousand_small_sends_arrive_in_submission_order() {
        PeerConnection p = io.peer();
        List<Long> ids = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < 1000; i++) {
            int n = 1 + i % 97;
            ids.add(io.send(p.conn(), Patterns.buffer(43, offset, n)));
            offset += n;
        }
        int total = (int) offset;
        byte[] got = Bytes.readFully(p.socket(), total);
        io.awaitAll(ids, OK);
        assertArrayEquals(Patterns.bytes(43, 0, total), got);
    }

    @Test
    void cancelled_middle_recv_leaves_the_others_in_order() {
        PeerConnection p = io.peer();
        ByteBuffer first = ByteBuffer.allocate(4);
        ByteBuffer middle = ByteBuffer.allocate(4);
        ByteBuffer last = ByteBuffer.allocate(4);
        long a = io.recv(p.conn(), first);
        long b = io.recv(p.conn(), middle);
        long c = io.recv(p.conn(), last);
        assertTrue(io.cancel(b));
        io.await(b, CANCELLED);
        assertEquals(0, middle.position(), "a cancelled receive leaves its buffer untouched");
        Bytes.write(p.socket(), "AAAABBBB");
        Map<Long, Completion> done = io.awaitAll(List.of(a, c));
        assertEquals(OK, done.get(a).status());
        assertEquals(OK, done.get(c).status());
        byte[] got = new byte[first.position() + last.position()];
        System.arraycopy(Bytes.filled(first), 0, got, 0, first.position());
        System.arraycopy(Bytes.filled(last), 0, got, first.position(), last.position());
        assertArrayEquals(Arrays.copyOf("AAAABBBB".getBytes(java.nio.charset.StandardCharsets.US_ASCII), got.length),
                got, "the receives before and after the cancelled one keep their order");
    }

    @Test
    void a_pending_recv_does_not_hold_up_a_send_on_the_same_connection() {
        PeerConnection p = io.peer();
        ByteBuffer dst = ByteBuffer.allocate(16);
        long recv = io.recv(p.conn(), dst);
        io.await(io.send(p.conn(), Bytes.utf8("out")), OK);
        assertEquals("out", new String(Bytes.readFully(p.socket(), 3), java.nio.charset.StandardCharsets.UTF_8));
        io.expectNoCompletion(Duration.ofMillis(50), "the receive completed with no data sent");
        Bytes.write(p.socket(), "in");
        io.await(recv, OK);
        String got = Bytes.filledText(dst);
        assertTrue(!got.isEmpty() && "in".startsWith(got), () -> "received " + got);
    }
}
