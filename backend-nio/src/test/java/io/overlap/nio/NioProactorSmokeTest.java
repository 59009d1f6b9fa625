package io.overlap.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The backend's own end-to-end checks; the full contract is the conformance suite's job. */
@Timeout(30)
class NioProactorSmokeTest {

    private static Completion next(Proactor p) throws InterruptedException {
        Completion c = p.completions().poll(10, TimeUnit.SECONDS);
        assertNotNull(c, "no completion within 10 s");
        return c;
    }

    @Test
    void accept_connect_send_recv_eof_cancel_and_timeout() throws Exception {
        try (Proactor p = new NioBackend().open(ProactorConfig.builder().ioThreads(2).build())) {
            Listener l = p.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            long acceptId = p.submitAccept(l, "a");
            long connectId = p.submitConnect(l.localAddress(), "c");
            Connection server = null;
            Connection client = null;
            for (int i = 0; i < 2; i++) {
                Completion c = next(p);
                assertEquals(CompletionStatus.OK, c.status(), c.toString());
                if (c.id() == acceptId) {
                    server = c.connection();
                } else {
                    assertEquals(connectId, c.id());
                    client = c.connection();
                }
            }
            ByteBuffer dst = ByteBuffer.allocate(64);
            long recvId = p.submitRecv(server, dst);
            p.submitSend(client, ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
            int seen = 0;
            while (seen < 2) {
                Completion c = next(p);
                assertEquals(CompletionStatus.OK, c.status(), c.toString());
                if (c.id() == recvId) {
                    assertEquals(5, c.bytesTransferred());
                    assertEquals(5, dst.position());
                }
                seen++;
            }
            long timed = p.submitRecv(server, new ByteBuffer[] {ByteBuffer.allocate(8)}, null, Duration.ofMillis(50));
            Completion t = next(p);
            assertEquals(timed, t.id());
            assertEquals(CompletionStatus.TIMED_OUT, t.status());

            long cancelled = p.submitRecv(server, ByteBuffer.allocate(8));
            assertTrue(p.cancel(cancelled));
            Completion k = next(p);
            assertEquals(CompletionStatus.CANCELLED, k.status());
            assertEquals(OpKind.RECV, k.kind());

            p.shutdownOutput(client);
            p.submitRecv(server, ByteBuffer.allocate(8));
            assertEquals(CompletionStatus.END_OF_STREAM, next(p).status());

            long pending = p.submitRecv(client, ByteBuffer.allocate(8));
            p.close(client);
            Completion closed = next(p);
            assertEquals(pending, closed.id());
            assertEquals(CompletionStatus.CANCELLED, closed.status());
            p.submitRecv(client, ByteBuffer.allocate(8));
            assertEquals(CompletionStatus.CLOSED, next(p).status());
            assertEquals(0, p.inFlight());
        }
    }

    @Test
    void pooled_receive_leases_only_when_data_arrives() throws Exception {
        io.overlap.BufferPool pool = io.overlap.BufferPool.of(1024, 1);
        try (Proactor p = new NioBackend().open(ProactorConfig.builder().ioThreads(1).bufferPool(pool).build())) {
            Listener l = p.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            p.submitAccept(l, null);
            p.submitConnect(l.localAddress(), null);
            Connection a = next(p).connection();
            Connection b = next(p).connection();
            long r1 = p.submitRecv(a);
            long r2 = p.submitRecv(b);
            assertEquals(0, pool.leased(), "idle connections pin no buffer");
            p.submitSend(b, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            Completion got = null;
            while (got == null) {
                Completion c = next(p);
                if (c.id() == r1) {
                    got = c;
                }
            }
            assertEquals(CompletionStatus.OK, got.status());
            assertEquals(3, got.lease().buffer().remaining());
            assertEquals(1, pool.leased());
            p.submitSend(a, ByteBuffer.wrap(new byte[] {4}));
            Completion exhausted = null;
            while (exhausted == null) {
                Completion c = next(p);
                if (c.id() == r2) {
                    exhausted = c;
                }
            }
            assertEquals(CompletionStatus.NO_BUFFER, exhausted.status(), exhausted.toString());
            got.lease().release();
            long r3 = p.submitRecv(b);
            // send {4} may have completed on this thread after b's loop reported the receive it
            // caused (caller-thread I/O writes before it queues): it can still be ahead of r3
            Completion again = Net.await(p, r3);
            assertEquals(4, again.lease().buffer().get(0));
            again.lease().release();
            assertEquals(0, pool.leased());
        }
    }
}
