package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.ProactorConfig;
import io.overlap.winsock.FakeWinsock.Kind;
import io.overlap.winsock.FakeWinsock.Op;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Order and bounded work on the fake: bytes stay in submission order, and no connection keeps its thread. */
class WinsockOrderTest extends FakeProactorTest {
    @Test
    void aLargeHeapSendIsStagedInBoundedPartsAndALaterSendWaitsForItsLastPart() throws Exception {
        open();
        Connection c = accepted();
        byte[] data = new byte[BufferPlan.SEND_STAGING_LIMIT * 2 + 1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        ByteBuffer big = ByteBuffer.wrap(data);
        long a = p.submitSend(c, big);
        long b = p.submitSend(c, ByteBuffer.wrap(new byte[] {42}));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int part = 0; part < 3; part++) {
            Op op = ws.awaitStarted(Kind.SEND);
            byte[] sent = FakeWinsock.sent(op);
            assertTrue(sent.length <= BufferPlan.SEND_STAGING_LIMIT, "part " + part + " stages " + sent.length);
            assertTrue(ws.liveMemory() <= BufferPlan.SEND_STAGING_LIMIT / StagingPool.MAX_CHUNK + 2,
                    "native staging held: " + ws.liveMemory() + " chunks");
            if (part < 2) {
                assertNull(ws.started.poll(), "the later send waits for the last part");
            }
            wire.writeBytes(sent);
            ws.complete(op, 0, sent.length);
        }
        Completion done = next(a);
        assertEquals(CompletionStatus.OK, done.status());
        assertEquals(data.length, done.bytesTransferred());
        assertEquals(data.length, big.position());
        assertArrayEquals(data, wire.toByteArray(), "every byte, in order");
        Op last = ws.awaitStarted(Kind.SEND);
        assertArrayEquals(new byte[] {42}, FakeWinsock.sent(last));
        ws.complete(last, 0, 1);
        assertEquals(CompletionStatus.OK, next(b).status());
    }

    /** Defect 7 at its own size: a 1 GiB heap send never holds more than the staging bound natively. */
    @Test
    void aOneGibibyteHeapSendIsStagedWithinTheBoundAndArrivesWhole() throws Exception {
        open();
        Connection c = accepted();
        byte[] data = new byte[1 << 30];
        for (int i = 0; i < data.length; i += 4096) {
            data[i] = (byte) (i >>> 12); // one marked byte a page: cheap, and misplaced parts show
        }
        java.util.zip.CRC32 expected = new java.util.zip.CRC32();
        expected.update(data);
        java.util.zip.CRC32 wire = new java.util.zip.CRC32();
        long a = p.submitSend(c, ByteBuffer.wrap(data));
        long total = 0;
        int parts = 0;
        int peakChunks = 0;
        while (total < data.length) {
            Op op = ws.awaitStarted(Kind.SEND);
            peakChunks = Math.max(peakChunks, ws.liveMemory());
            long n = 0;
            for (ByteBuffer b : op.buffers) {
                n += b.remaining();
                wire.update(b.duplicate());
            }
            assertTrue(n <= BufferPlan.SEND_STAGING_LIMIT, "part " + parts + " stages " + n);
            ws.complete(op, 0, n);
            total += n;
            parts++;
        }
        Completion done = next(a);
        assertEquals(CompletionStatus.OK, done.status());
        assertEquals(data.length, done.bytesTransferred());
        assertEquals(expected.getValue(), wire.getValue(), "every byte, in order");
        assertTrue(peakChunks <= BufferPlan.SEND_STAGING_LIMIT / StagingPool.MAX_CHUNK + 2,
                "native staging held at most " + peakChunks + " chunks of " + StagingPool.MAX_CHUNK + " bytes");
        assertTrue(parts >= data.length / BufferPlan.SEND_STAGING_LIMIT, parts + " parts");
    }

    @Test
    void aPartOfALargeSendThatFailsCompletesItWithThePartialCount() throws Exception {
        open();
        Connection c = accepted();
        long a = p.submitSend(c, ByteBuffer.wrap(new byte[BufferPlan.SEND_STAGING_LIMIT + 10]));
        ws.complete(ws.awaitStarted(Kind.SEND), 0, BufferPlan.SEND_STAGING_LIMIT);
        ws.complete(ws.awaitStarted(Kind.SEND), WinError.WSAECONNRESET, 3);
        Completion done = next(a);
        assertEquals(CompletionStatus.CONNECTION_RESET, done.status());
        assertEquals(BufferPlan.SEND_STAGING_LIMIT + 3, done.bytesTransferred());
    }

    @Test
    void aResetSeenByAReceiveEndsThePendingSendWithConnectionReset() throws Exception {
        open();
        Connection c = accepted();
        long recv = p.submitRecv(c, ByteBuffer.allocate(8));
        Op r = ws.awaitStarted(Kind.RECV);
        long send = p.submitSend(c, ByteBuffer.wrap(new byte[64]));
        ws.awaitStarted(Kind.SEND); // a send whose completion the kernel may lose (Wine)
        ws.complete(r, WinError.WSAECONNRESET, 0);
        assertEquals(CompletionStatus.CONNECTION_RESET, next(recv).status());
        Completion s = next(send);
        assertEquals(CompletionStatus.CONNECTION_RESET, s.status(), s.toString());
        Completion later = next(p.submitRecv(c, ByteBuffer.allocate(8)));
        assertEquals(CompletionStatus.CONNECTION_RESET, later.status());
        assertNull(ws.started.poll(), "nothing more was started on the reset connection");
    }

    @Test
    void anAcceptFailingAtOnceAndResubmittedFromItsHandlerDoesNotKeepTheThreadFromWaiting() throws Exception {
        AtomicBoolean storm = new AtomicBoolean();
        AtomicInteger failedAccepts = new AtomicInteger();
        AtomicReference<Listener> listener = new AtomicReference<>();
        LinkedBlockingQueue<Completion> others = new LinkedBlockingQueue<>();
        open(ProactorConfig.builder().ioThreads(1).completionHandler(x -> {
            if (x.kind() == OpKind.ACCEPT && x.status() != CompletionStatus.OK && storm.get()) {
                failedAccepts.incrementAndGet();
                p.submitAccept(listener.get(), null); // as EchoServer does on EMFILE
            } else {
                others.add(x);
            }
        }));
        Listener l = p.listen(FakeWinsock.loopback(0), 8);
        listener.set(l);
        p.submitAccept(l, null);
        ws.completeAccept(ws.awaitStarted(Kind.ACCEPT), FakeWinsock.loopback(1));
        Connection c = others.poll(10, TimeUnit.SECONDS).connection();
        long recv = p.submitRecv(c, ByteBuffer.allocate(4));
        Op r = ws.awaitStarted(Kind.RECV);
        ws.onStart = op -> op.kind == Kind.ACCEPT ? 10024 /* WSAEMFILE */ : 0;
        storm.set(true);
        p.submitAccept(l, null);
        while (failedAccepts.get() < 10 * Waiter.WORK_PER_TURN) {
            Thread.onSpinWait(); // the storm is running on the one thread
        }
        ws.completeRecv(r, new byte[] {1});
        Completion got = others.poll(10, TimeUnit.SECONDS);
        assertNotNull(got, "the other connection's completion was delivered during the storm");
        assertEquals(recv, got.id());
        storm.set(false);
        Completion last = others.poll(10, TimeUnit.SECONDS); // the storm's last accept
        assertNotNull(last);
        assertEquals(OpKind.ACCEPT, last.kind());
    }

    @Test
    void aSubmissionFromAHandlerNeverOvertakesOneThatHappenedBeforeItOnAnotherThread() throws Exception {
        AtomicReference<Connection> conn = new AtomicReference<>();
        java.util.concurrent.CountDownLatch accepted = new java.util.concurrent.CountDownLatch(1);
        open(ProactorConfig.builder().ioThreads(1).completionHandler(x -> {
            if (x.kind() == OpKind.ACCEPT) {
                conn.set(x.connection());
                accepted.countDown();
            } else if (x.kind() == OpKind.RECV && x.status() == CompletionStatus.OK) {
                p.submitSend(conn.get(), ByteBuffer.wrap(new byte[] {'B'})); // B, after A happened-before
            }
        }));
        Listener l = p.listen(FakeWinsock.loopback(0), 8);
        p.submitAccept(l, null);
        ws.completeAccept(ws.awaitStarted(Kind.ACCEPT), FakeWinsock.loopback(1));
        assertTrue(accepted.await(10, TimeUnit.SECONDS));
        for (int round = 0; round < 50; round++) {
            p.submitRecv(conn.get(), ByteBuffer.allocate(1));
            Op r = ws.awaitStarted(Kind.RECV);
            p.submitSend(conn.get(), ByteBuffer.wrap(new byte[] {'A'}));
            ws.completeRecv(r, new byte[] {1}); // its handler submits B on the I/O thread
            Op first = ws.awaitStarted(Kind.SEND);
            Op second = ws.awaitStarted(Kind.SEND);
            assertArrayEquals(new byte[] {'A'}, FakeWinsock.sent(first), "round " + round);
            assertArrayEquals(new byte[] {'B'}, FakeWinsock.sent(second), "round " + round);
            ws.complete(first, 0, 1);
            ws.complete(second, 0, 1);
        }
    }
}
