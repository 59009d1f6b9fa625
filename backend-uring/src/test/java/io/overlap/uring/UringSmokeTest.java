package io.overlap.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rings and the ops on loopback: accept, connect, send, receive (direct, heap, scatter), pooled, close. */
class UringSmokeTest {
    @BeforeAll
    static void onlyWhereUringRuns() {
        assumeTrue(new UringBackend().availability().isAvailable(), () -> new UringBackend().availability().reason());
    }

    private static Map<Long, Completion> await(Proactor p, List<Long> ids) throws InterruptedException {
        Map<Long, Completion> got = new HashMap<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (got.size() < ids.size()) {
            Completion c = p.completions().poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(c, () -> "timed out; got " + got);
            got.put(c.id(), c);
        }
        return got;
    }

    @Test
    void a_round_trip_over_loopback() throws Exception {
        try (Proactor p = new UringBackend().open(ProactorConfig.builder().ioThreads(2).build())) {
            assertEquals("uring", p.backendName());
            Listener l = p.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            long a = p.submitAccept(l, null);
            long k = p.submitConnect(l.localAddress(), null);
            Map<Long, Completion> done = await(p, List.of(a, k));
            assertEquals(CompletionStatus.OK, done.get(a).status(), () -> done.toString());
            assertEquals(CompletionStatus.OK, done.get(k).status(), () -> done.toString());
            Connection server = done.get(a).connection();
            Connection client = done.get(k).connection();

            ByteBuffer direct = ByteBuffer.allocateDirect(64);
            ByteBuffer heap = ByteBuffer.allocate(3);
            ByteBuffer heap2 = ByteBuffer.allocate(64);
            long r1 = p.submitRecv(server, direct);
            long s1 = p.submitSend(client, ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)));
            Map<Long, Completion> d1 = await(p, List.of(r1, s1));
            assertEquals(CompletionStatus.OK, d1.get(r1).status(), () -> d1.toString());
            assertEquals(5, d1.get(r1).bytesTransferred());
            assertEquals(5, direct.position());

            long r2 = p.submitRecv(server, heap, heap2);
            ByteBuffer g1 = ByteBuffer.allocateDirect(4).put("abcd".getBytes(StandardCharsets.UTF_8)).flip();
            ByteBuffer g2 = ByteBuffer.allocateDirect(2).put("ef".getBytes(StandardCharsets.UTF_8)).flip();
            long s2 = p.submitSend(client, g1, g2);
            Map<Long, Completion> d2 = await(p, List.of(r2, s2));
            assertEquals(6, d2.get(s2).bytesTransferred(), () -> d2.toString());
            assertEquals(CompletionStatus.OK, d2.get(r2).status(), () -> d2.toString());

            long pooled = p.submitRecv(client);
            long s3 = p.submitSend(server, ByteBuffer.wrap("pool".getBytes(StandardCharsets.UTF_8)));
            Map<Long, Completion> d3 = await(p, List.of(pooled, s3));
            Completion pc = d3.get(pooled);
            assertEquals(CompletionStatus.OK, pc.status(), () -> d3.toString());
            assertEquals(4, pc.lease().buffer().remaining());
            pc.lease().release();

            long idle = p.submitRecv(server, new ByteBuffer[] {ByteBuffer.allocate(8)}, null, Duration.ofMillis(50));
            assertEquals(CompletionStatus.TIMED_OUT, await(p, List.of(idle)).get(idle).status());

            long pending = p.submitRecv(server, ByteBuffer.allocate(8));
            p.close(server);
            assertEquals(CompletionStatus.CANCELLED, await(p, List.of(pending)).get(pending).status());
            long eof = p.submitRecv(client, ByteBuffer.allocate(8));
            assertEquals(CompletionStatus.END_OF_STREAM, await(p, List.of(eof)).get(eof).status());
        }
    }

    @Test
    void a_large_mixed_gather_send_continues_until_every_byte_is_out_and_arrives_in_order() throws Exception {
        try (Proactor p = new UringBackend().open(ProactorConfig.builder().ioThreads(1).build())) {
            Listener l = p.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            long a = p.submitAccept(l, null);
            long k = p.submitConnect(l.localAddress(), null);
            Map<Long, Completion> done = await(p, List.of(a, k));
            Connection server = done.get(a).connection();
            Connection client = done.get(k).connection();
            byte[] data = new byte[3 << 20]; // larger than a socket buffer and many staging parts
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 31 + (i >>> 16));
            }
            ByteBuffer heap = ByteBuffer.wrap(data, 0, 1 << 20);
            ByteBuffer direct = ByteBuffer.allocateDirect(1 << 20).put(data, 1 << 20, 1 << 20).flip();
            ByteBuffer heap2 = ByteBuffer.wrap(data, 2 << 20, 1 << 20);
            long send = p.submitSend(client, heap, direct, heap2);
            ByteBuffer got = ByteBuffer.allocate(data.length);
            boolean sent = false;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (got.hasRemaining() || !sent) {
                // a heap slice of the result, then 7 direct bytes: a staged scatter receive
                long r = got.hasRemaining() ? p.submitRecv(server,
                        got.slice(got.position(), Math.min(got.remaining(), 100_000)), ByteBuffer.allocateDirect(7)) : -1;
                boolean recvDone = r < 0;
                while (!recvDone) {
                    Completion c = p.completions().poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                    assertNotNull(c, "timed out");
                    if (c.id() == send) {
                        assertEquals(CompletionStatus.OK, c.status(), c::toString);
                        assertEquals(data.length, c.bytesTransferred());
                        sent = true;
                    } else {
                        assertEquals(CompletionStatus.OK, c.status(), c::toString);
                        int n = (int) c.bytesTransferred();
                        int inSlice = Math.min(n, c.buffers()[0].position());
                        got.position(got.position() + inSlice);
                        ByteBuffer tail = c.buffers()[1].flip();
                        got.put(tail);
                        recvDone = true;
                    }
                }
                if (!got.hasRemaining() && !sent) {
                    Completion c = p.completions().poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                    assertNotNull(c, "timed out waiting for the send");
                    assertEquals(data.length, c.bytesTransferred());
                    sent = true;
                }
            }
            assertEquals(0, java.util.Arrays.compare(data, got.array()), "the bytes arrive whole and in order");
        }
    }
}
