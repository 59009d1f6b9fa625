package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.ProactorConfig;
import io.overlap.winsock.FakeWinsock.Kind;
import io.overlap.winsock.FakeWinsock.Op;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The winsock state machine on a fake Winsock: runs on any OS. */
class WinsockProactorTest extends FakeProactorTest {
    // ---- buffers ----

    @Test
    void receiveIntoAHeapBufferIsStagedAndMovesOnlyThePosition() throws Exception {
        open();
        Connection c = accepted();
        ByteBuffer dst = ByteBuffer.allocate(16);
        for (int i = 0; i < 16; i++) {
            dst.put(i, (byte) 0x55);
        }
        dst.position(3).limit(12);
        long id = p.submitRecv(c, dst);
        Op op = ws.awaitStarted(Kind.RECV);
        assertTrue(op.buffers[0].isDirect());
        ws.completeRecv(op, new byte[] {1, 2, 3, 4});
        Completion done = next(id);
        assertEquals(CompletionStatus.OK, done.status());
        assertEquals(4, done.bytesTransferred());
        assertEquals(7, dst.position());
        assertEquals(12, dst.limit());
        assertArrayEquals(new byte[] {0x55, 0x55, 0x55, 1, 2, 3, 4, 0x55, 0x55}, java.util.Arrays.copyOf(dst.array(), 9));
    }

    @Test
    void aDirectBufferIsUsedInPlaceAndScatterFillsInOrder() throws Exception {
        open();
        Connection c = accepted();
        ByteBuffer heap = ByteBuffer.allocate(2);
        ByteBuffer direct = ByteBuffer.allocateDirect(8);
        long id = p.submitRecv(c, heap, direct);
        Op op = ws.awaitStarted(Kind.RECV);
        assertEquals(2, op.buffers.length);
        assertSame(direct, op.buffers[1], "a direct buffer goes to the kernel as it is");
        ws.completeRecv(op, new byte[] {9, 8, 7, 6, 5});
        assertEquals(5, next(id).bytesTransferred());
        assertEquals(2, heap.position());
        assertEquals(3, direct.position());
        assertEquals(9, heap.get(0));
        assertEquals(8, heap.get(1));
        assertEquals(7, direct.get(0));
    }

    @Test
    void zeroBytesIsEndOfStream() throws Exception {
        open();
        Connection c = accepted();
        long id = p.submitRecv(c, ByteBuffer.allocate(4));
        ws.complete(ws.awaitStarted(Kind.RECV), 0, 0);
        assertEquals(CompletionStatus.END_OF_STREAM, next(id).status());
    }

    @Test
    void sendStagesHeapBytesAndCompletesWithTheFullCount() throws Exception {
        open();
        Connection c = accepted();
        ByteBuffer a = ByteBuffer.wrap("hello ".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer b = ByteBuffer.allocateDirect(5).put("world".getBytes(StandardCharsets.US_ASCII)).flip();
        long id = p.submitSend(c, a, b);
        Op op = ws.awaitStarted(Kind.SEND);
        assertEquals("hello world", new String(FakeWinsock.sent(op), StandardCharsets.US_ASCII));
        assertEquals(0, a.position(), "positions move only when the kernel is done");
        ws.complete(op, 0, 11);
        Completion done = next(id);
        assertEquals(CompletionStatus.OK, done.status());
        assertEquals(6, a.position());
        assertEquals(5, b.position());
    }

    @Test
    void aShortSendIsAFailureWithThePartialCount() throws Exception {
        open();
        Connection c = accepted();
        ByteBuffer a = ByteBuffer.wrap(new byte[10]);
        long id = p.submitSend(c, a);
        ws.complete(ws.awaitStarted(Kind.SEND), 0, 4);
        Completion done = next(id);
        assertEquals(CompletionStatus.FAILED, done.status());
        assertEquals(4, done.bytesTransferred());
        assertEquals(4, a.position());
        assertTrue(done.message().contains("4 of 10"), done.message());
    }

    // ---- slots, generations, waiters ----

    @Test
    @Tag(EVENT_MODEL)
    void aStaleSignalOnAReusedSlotNeverCompletesTheNewOperation() throws Exception {
        openEvent(); // events and wait sets: the event model's own
        Connection c = accepted();
        long first = p.submitRecv(c, ByteBuffer.allocate(4));
        Op a = ws.awaitStarted(Kind.RECV);
        ws.completeRecv(a, new byte[] {1});
        next(first);
        long second = p.submitRecv(c, ByteBuffer.allocate(4));
        Op b = ws.awaitStarted(Kind.RECV);
        assertSame(a.block, b.block, "the pool hands the same slot out again");
        assertEquals(a.event, b.event);

        ws.signalSpuriously(b.event); // e.g. a late signal meant for the first operation
        ws.awaitIncompleteResults(1);
        assertNull(p.completions().poll(), "a signal without a result completed nothing");
        assertEquals(1, p.inFlight());

        ws.completeRecv(b, new byte[] {2, 3});
        Completion done = next(second);
        assertEquals(2, done.bytesTransferred());
    }

    @Test
    @Tag(EVENT_MODEL)
    void waitersGrowPast63OperationsEachAndRetireWhenIdle() throws Exception {
        openEvent(); // events and wait sets: the event model's own
        Connection c = accepted();
        int n = 200;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(p.submitRecv(c, ByteBuffer.allocate(1)));
        }
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ops.add(ws.awaitStarted(Kind.RECV));
        }
        int need = (n + Waiter.MAX_OPS - 1) / Waiter.MAX_OPS;
        assertTrue(p.waiterSet().awaitThreads(need, 10_000), "waiters " + p.waiterSet().threadCount());
        assertTrue(threads(p.notifier().prefix()) >= need);
        // filled in submission order: the i-th started receive gets byte i
        for (int i = 0; i < n; i++) {
            ws.completeRecv(ops.get(i), new byte[] {(byte) i});
        }
        List<Completion> done = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            done.add(p.completions().poll(10, TimeUnit.SECONDS));
        }
        for (Completion d : done) {
            assertNotNull(d);
            int i = ids.indexOf(d.id());
            assertEquals((byte) i, d.buffers()[0].get(0), "receive " + i + " got another's byte");
        }
        assertTrue(p.waiterSet().awaitThreadsAtMost(1, 10_000), "idle waiters retire: " + p.waiterSet().threadCount());
        // and new growth still works after retirement
        long again = p.submitRecv(c, ByteBuffer.allocate(1));
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {1});
        assertEquals(CompletionStatus.OK, next(again).status());
    }

    @Test
    @Tag(EVENT_MODEL)
    void aPrimaryWithNothingInItsOwnSetStaysAtADeadlineAndExpiresWhatAnExtraWaiterHolds() throws Exception {
        openEvent(); // events and wait sets: the event model's own
        Connection c = accepted();
        // the primary's own set fills first; the timed receive's event goes to an extra waiter
        List<Long> untimed = new ArrayList<>();
        for (int i = 0; i < Waiter.MAX_OPS; i++) {
            untimed.add(p.submitRecv(c, ByteBuffer.allocate(1)));
        }
        for (int i = 0; i < Waiter.MAX_OPS; i++) {
            ws.awaitStarted(Kind.RECV);
        }
        long timed = p.submitRecv(c, new ByteBuffer[] {ByteBuffer.allocate(1)}, null, Duration.ofMillis(300));
        ws.awaitStarted(Kind.RECV);
        assertTrue(p.waiterSet().awaitThreads(2, 10_000), "an extra waiter holds the timed receive");
        untimed.forEach(p::cancel); // the primary's own set is empty now, with a deadline still to come
        List<Long> done = new ArrayList<>();
        CompletionStatus timedStatus = null;
        while (done.size() < untimed.size() + 1) {
            Completion d = p.completions().poll(10, TimeUnit.SECONDS);
            assertNotNull(d, "completions stopped after " + done.size() + ": the primary retired at its deadline?");
            done.add(d.id());
            if (d.id() == timed) {
                timedStatus = d.status();
            }
        }
        assertEquals(CompletionStatus.TIMED_OUT, timedStatus);
        // its home is still there: a new operation starts and completes
        long again = p.submitRecv(c, ByteBuffer.allocate(1));
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {7});
        assertEquals(CompletionStatus.OK, next(again).status());
    }

    @Test
    @Tag(EVENT_MODEL)
    void everySignalledEventIsHandledInOneWakeSoHighIndicesDoNotStarve() throws Exception {
        openEvent(); // events and wait sets: the event model's own
        Connection c = accepted();
        List<Long> ids = new ArrayList<>();
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(p.submitRecv(c, ByteBuffer.allocate(1)));
            ops.add(ws.awaitStarted(Kind.RECV));
        }
        ws.awaitBlockedWaits(1); // the one waiter sleeps on all 40 + its wake-up event
        int before = ws.blockingWaitsReturned();
        List<Op> lowAndHigh = List.of(ops.get(0), ops.get(17), ops.get(38), ops.get(39));
        ws.completeAll(lowAndHigh, 0, 1);
        for (int i = 0; i < lowAndHigh.size(); i++) {
            assertNotNull(p.completions().poll(10, TimeUnit.SECONDS));
        }
        ws.awaitBlockedWaits(1);
        assertEquals(before + 1, ws.blockingWaitsReturned(), "all four were handled after a single wake");
        for (Op op : ops) {
            if (!lowAndHigh.contains(op)) {
                ws.complete(op, 0, 1);
            }
        }
        for (int i = 0; i < 36; i++) {
            assertNotNull(p.completions().poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    @Tag(EVENT_MODEL)
    void aSubmissionWakesTheWaiterThroughItsWakeUpEvent() throws Exception {
        open();
        Connection c = accepted();
        ws.awaitBlockedWaits(1); // idle primary: an untimed wait, no polling
        int sets = ws.setEvents().size();
        long id = p.submitRecv(c, ByteBuffer.allocate(1));
        Op op = ws.awaitStarted(Kind.RECV);
        assertTrue(ws.setEvents().size() > sets, "the wake-up event was signalled");
        ws.completeRecv(op, new byte[] {1});
        next(id);
    }

    // ---- cancel, timeout, close ----

    @Test
    void cancelRacingACompletionCompletesExactlyOnce() throws Exception {
        open();
        Connection c = accepted();
        int ok = 0;
        int cancelled = 0;
        for (int round = 0; round < 200; round++) {
            ByteBuffer b = ByteBuffer.allocate(1);
            long id = p.submitRecv(c, b);
            Op op = ws.awaitStarted(Kind.RECV);
            CountDownLatch go = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                awaitQuietly(go);
                ws.completeRecv(op, new byte[] {7});
            });
            t.start();
            go.countDown();
            p.cancel(id);
            t.join(10_000);
            Completion done = next(id);
            if (done.status() == CompletionStatus.OK) {
                ok++;
                assertEquals(1, b.position());
            } else {
                assertEquals(CompletionStatus.CANCELLED, done.status());
                cancelled++;
            }
            assertNull(p.completions().poll(), "a second completion for round " + round);
        }
        assertEquals(200, ok + cancelled);
        assertEquals(0, p.inFlight());
    }

    @Test
    void cancelBeforeTheHomeThreadStartsItNeverReachesTheKernel() throws Exception {
        open();
        Connection c = accepted();
        // block the home thread inside a start, so the next submission stays queued
        CountDownLatch inStart = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ws.onStart = op -> {
            inStart.countDown();
            awaitQuietly(release);
            return 0;
        };
        long first = p.submitRecv(c, ByteBuffer.allocate(1));
        assertTrue(inStart.await(10, TimeUnit.SECONDS));
        ws.onStart = op -> 0;
        long queued = p.submitRecv(c, ByteBuffer.allocate(1));
        assertTrue(p.cancel(queued));
        release.countDown();
        Op started = ws.awaitStarted(Kind.RECV);
        Completion cancelled = next(queued);
        assertEquals(CompletionStatus.CANCELLED, cancelled.status());
        assertNull(ws.started.poll(), "the cancelled receive was never started");
        ws.completeRecv(started, new byte[] {1});
        assertEquals(CompletionStatus.OK, next(first).status());
    }

    @Test
    void aTimeoutCancelsThroughTheKernelAndLeavesTheConnectionUsable() throws Exception {
        open();
        Connection c = accepted();
        long id = p.submitRecv(c, new ByteBuffer[] {ByteBuffer.allocate(1)}, null, Duration.ofMillis(50));
        ws.awaitStarted(Kind.RECV);
        Completion t = next(id);
        assertEquals(CompletionStatus.TIMED_OUT, t.status());
        long again = p.submitRecv(c, ByteBuffer.allocate(1));
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {3});
        assertEquals(CompletionStatus.OK, next(again).status());
    }

    @Test
    void closingAHandleCancelsItsOperationsAndClosesTheSocketOnlyAfterTheKernelGaveThemBack() throws Exception {
        open();
        Connection c = accepted();
        long r1 = p.submitRecv(c, ByteBuffer.allocate(1));
        long r2 = p.submitRecv(c, ByteBuffer.allocate(1));
        Op o1 = ws.awaitStarted(Kind.RECV);
        ws.awaitStarted(Kind.RECV);
        p.close(c);
        assertEquals(CompletionStatus.CANCELLED, next(r1).status());
        assertEquals(CompletionStatus.CANCELLED, next(r2).status());
        assertFalse(ws.isOpen(o1.socket), "the socket closes once both came back");
        long late = p.submitRecv(c, ByteBuffer.allocate(1));
        assertEquals(CompletionStatus.CLOSED, next(late).status());
    }

    @Test
    void closingTheProactorCompletesEveryKindOfPendingOperationAndFreesEverything() throws Exception {
        open(ProactorConfig.builder().ioThreads(2));
        Listener l = p.listen(FakeWinsock.loopback(0), 8);
        Connection c = accepted(l);
        List<Long> ids = new ArrayList<>();
        ids.add(p.submitAccept(l, null));
        ids.add(p.submitConnect(FakeWinsock.loopback(9), null));
        ids.add(p.submitRecv(c, ByteBuffer.allocate(8)));
        ids.add(p.submitSend(c, ByteBuffer.allocate(8)));
        for (int i = 0; i < 4; i++) {
            assertNotNull(ws.started.poll(10, TimeUnit.SECONDS));
        }
        ids.add(p.submitRecv(c, new ByteBuffer[] {ByteBuffer.allocate(8)}, null, Duration.ofHours(1)));
        p.close();
        p.close(); // idempotent
        List<Long> done = new ArrayList<>();
        for (Completion x; (x = p.completions().poll()) != null; ) {
            assertEquals(CompletionStatus.CANCELLED, x.status(), x.toString());
            done.add(x.id());
        }
        assertEquals(ids.size(), done.size());
        assertTrue(done.containsAll(ids));
        // the @AfterEach checks: no event, block, memory, socket or thread is left
    }

    // ---- pooled receives ----

    @Test
    void aPooledReceiveWhoseWaitFinishesWithinItsStartStillLeasesAndReadsAndLaterOnesWaitBehindIt() throws Exception {
        open();
        Connection c = accepted();
        BufferPool pool = BufferPool.of(16, 2);
        ws.onStart = op -> op.kind == Kind.RECV_WAIT ? Winsock.DONE_AT_ONCE : 0; // data was there already
        long id = p.submitRecvPooled(c, pool, "x", null);
        long after = p.submitRecv(c, ByteBuffer.allocate(4));
        ws.awaitStarted(Kind.RECV_WAIT);
        Op read = ws.awaitStarted(Kind.RECV);
        assertEquals(16, read.buffers[0].remaining(), "the pooled read comes first, into the lease");
        ws.completeRecv(read, new byte[] {5, 6, 7});
        Completion done = next(id);
        assertEquals(CompletionStatus.OK, done.status(), done.toString());
        assertEquals(3, done.bytesTransferred());
        done.lease().release();
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {8});
        assertEquals(CompletionStatus.OK, next(after).status());
    }

    @Test
    void aParkedPooledReceiveWhoseWaitFinishesWithinItsStartReadsWithoutAnotherWake() throws Exception {
        open();
        Connection c = accepted();
        BufferPool pool = BufferPool.of(16, 4);
        java.util.concurrent.atomic.AtomicInteger waits = new java.util.concurrent.atomic.AtomicInteger();
        ws.onStart = op -> op.kind == Kind.RECV_WAIT && waits.incrementAndGet() == 2 ? Winsock.DONE_AT_ONCE : 0;
        long first = p.submitRecvPooled(c, pool, "a", null);
        Op wait = ws.awaitStarted(Kind.RECV_WAIT);
        long second = p.submitRecvPooled(c, pool, "b", null); // parked behind the first
        ws.complete(wait, 0, 0);
        Op read1 = ws.awaitStarted(Kind.RECV);
        ws.awaitStarted(Kind.RECV_WAIT); // the second, started by the home as the first let go: done at once
        Op read2 = ws.awaitStarted(Kind.RECV); // and its read follows on the same thread, with nobody waking it
        ws.completeRecv(read1, new byte[] {1});
        ws.completeRecv(read2, new byte[] {2});
        Completion a = next(first);
        Completion b = next(second);
        assertEquals(1, a.lease().buffer().get(0));
        assertEquals(2, b.lease().buffer().get(0));
        a.lease().release();
        b.lease().release();
    }

    @Test
    void aSendThatFinishesWithinItsStartCompletesOnceAndLetsTheNextSendGo() throws Exception {
        open();
        Connection c = accepted();
        ws.onStart = op -> op.kind == Kind.SEND ? Winsock.DONE_AT_ONCE : 0;
        long first = p.submitSend(c, ByteBuffer.wrap(new byte[] {1, 2}));
        long second = p.submitSend(c, ByteBuffer.wrap(new byte[] {3}));
        Completion a = next(first);
        assertEquals(CompletionStatus.OK, a.status(), a.toString());
        assertEquals(2, a.bytesTransferred());
        Completion b = next(second);
        assertEquals(CompletionStatus.OK, b.status(), b.toString());
        assertEquals(1, b.bytesTransferred());
    }

    @Test
    void aPooledReceivePinsNoBufferUntilDataArrivesThenHandsOverAFlippedLease() throws Exception {
        open();
        Connection c = accepted();
        BufferPool pool = BufferPool.of(16, 2);
        long id = p.submitRecvPooled(c, pool, "x", null);
        Op wait = ws.awaitStarted(Kind.RECV_WAIT);
        assertEquals(0, pool.leased(), "an idle pooled receive holds no buffer");
        ws.complete(wait, 0, 0); // data is there
        Op read = ws.awaitStarted(Kind.RECV);
        assertEquals(1, pool.leased());
        assertEquals(16, read.buffers[0].remaining());
        ws.completeRecv(read, new byte[] {5, 6, 7});
        Completion done = next(id);
        assertEquals(CompletionStatus.OK, done.status());
        assertEquals(3, done.bytesTransferred());
        BufferLease lease = done.lease();
        assertNotNull(lease);
        assertEquals(0, lease.buffer().position());
        assertEquals(3, lease.buffer().limit());
        assertEquals(6, lease.buffer().get(1));
        lease.release();
        assertEquals(0, pool.leased());
    }

    @Test
    void aPooledReceiveWithAnExhaustedPoolCompletesNoBufferWithoutReading() throws Exception {
        open();
        Connection c = accepted();
        BufferPool pool = BufferPool.of(16, 1);
        BufferLease held = pool.tryLease(16);
        long id = p.submitRecvPooled(c, pool, null, null);
        ws.complete(ws.awaitStarted(Kind.RECV_WAIT), 0, 0);
        Completion done = next(id);
        assertEquals(CompletionStatus.NO_BUFFER, done.status());
        assertNull(done.lease());
        assertNull(ws.started.poll(), "nothing was read: the data waits in the socket");
        held.release();
    }

    @Test
    void receivesAfterAPooledOneWaitSoTheyAreFilledInSubmissionOrder() throws Exception {
        open();
        Connection c = accepted();
        BufferPool pool = BufferPool.of(16, 4);
        long pooled = p.submitRecvPooled(c, pool, null, null);
        long plain = p.submitRecv(c, ByteBuffer.allocate(4));
        long send = p.submitSend(c, ByteBuffer.wrap(new byte[] {1}));
        Op wait = ws.awaitStarted(Kind.RECV_WAIT);
        Op sent = ws.awaitStarted(Kind.SEND); // the receive between them was parked, not started
        ws.complete(sent, 0, 1);
        next(send);
        ws.complete(wait, 0, 0);
        Op read = ws.awaitStarted(Kind.RECV);
        Op second = ws.awaitStarted(Kind.RECV);
        assertTrue(read.buffers[0].remaining() == 16 && second.buffers[0].remaining() == 4,
                "the pooled read starts before the parked receive");
        ws.completeRecv(read, new byte[] {1});
        ws.completeRecv(second, new byte[] {2});
        BufferLease lease = next(pooled).lease();
        assertEquals(1, lease.buffer().get(0));
        lease.release();
        assertEquals(CompletionStatus.OK, next(plain).status());
    }

    @Test
    void aParkedReceiveCanBeCancelledAndClosingCompletesTheRest() throws Exception {
        open();
        Connection c = accepted();
        BufferPool pool = BufferPool.of(16, 4);
        long pooled = p.submitRecvPooled(c, pool, null, null);
        long parked1 = p.submitRecv(c, ByteBuffer.allocate(4));
        long parked2 = p.submitRecv(c, new ByteBuffer[] {ByteBuffer.allocate(4)}, null, Duration.ofHours(1));
        ws.awaitStarted(Kind.RECV_WAIT);
        long probe = p.submitSend(c, ByteBuffer.wrap(new byte[] {1}));
        ws.complete(ws.awaitStarted(Kind.SEND), 0, 1);
        next(probe); // both receives are parked by now
        assertTrue(p.cancel(parked1));
        assertEquals(CompletionStatus.CANCELLED, next(parked1).status());
        p.close(c);
        List<Long> cancelled = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Completion x = p.completions().poll(10, TimeUnit.SECONDS);
            assertNotNull(x);
            assertEquals(CompletionStatus.CANCELLED, x.status(), x.toString());
            cancelled.add(x.id());
        }
        assertTrue(cancelled.containsAll(List.of(pooled, parked2)));
        assertEquals(0, pool.leased());
    }

    // ---- errors, accept, connect, shutdown, handler mode ----

    @Test
    void anImmediateStartFailureIsMappedWithItsCodeAndText() throws Exception {
        open();
        Connection c = accepted();
        ws.onStart = op -> WinError.WSAECONNRESET;
        Completion done = next(p.submitRecv(c, ByteBuffer.allocate(1)));
        assertEquals(CompletionStatus.CONNECTION_RESET, done.status());
        assertEquals(WinError.WSAECONNRESET, done.nativeError());
        assertTrue(done.message().contains("WSAECONNRESET (10054)") && done.message().contains("fake text"), done.message());
    }

    @Test
    void aRefusedConnectClosesItsSocketAndReportsRefused() throws Exception {
        open();
        long id = p.submitConnect(FakeWinsock.loopback(1), "a");
        Op op = ws.awaitStarted(Kind.CONNECT);
        ws.complete(op, WinError.WSAECONNREFUSED, 0);
        Completion done = next(id);
        assertEquals(CompletionStatus.CONNECTION_REFUSED, done.status());
        assertNull(done.connection());
        assertEquals("a", done.attachment());
        assertFalse(ws.isOpen(op.socket));
    }

    @Test
    void aConnectCompletesWithAConnection() throws Exception {
        open();
        InetSocketAddress remote = FakeWinsock.loopback(7);
        long id = p.submitConnect(remote, null);
        ws.complete(ws.awaitStarted(Kind.CONNECT), 0, 0);
        Completion done = next(id);
        assertEquals(CompletionStatus.OK, done.status());
        assertEquals(remote, done.connection().remoteAddress());
        assertSame(done.connection(), done.handle());
    }

    @Test
    void anAcceptUpdatesTheAcceptContextAndCarriesBothAddresses() throws Exception {
        open();
        Listener l = p.listen(FakeWinsock.loopback(0), 8);
        long id = p.submitAccept(l, null);
        Op op = ws.awaitStarted(Kind.ACCEPT);
        InetSocketAddress peer = FakeWinsock.loopback(5555);
        ws.completeAccept(op, peer);
        Completion done = next(id);
        assertEquals(CompletionStatus.OK, done.status());
        assertEquals(peer, done.connection().remoteAddress());
        assertEquals(l.localAddress(), done.connection().localAddress());
        assertEquals(List.of(op.acceptSocket), ws.updatedAccept());
    }

    @Test
    void shutdownOutputWaitsForTheSendsAlreadySubmitted() throws Exception {
        open();
        Connection c = accepted();
        long s = p.submitSend(c, ByteBuffer.wrap(new byte[3]));
        Op send = ws.awaitStarted(Kind.SEND);
        p.shutdownOutput(c);
        assertEquals(List.of(), ws.shutdowns(), "not while a send is pending");
        ws.complete(send, 0, 3);
        next(s);
        ws.awaitShutdowns(1);
        assertEquals(CompletionStatus.CLOSED, next(p.submitSend(c, ByteBuffer.wrap(new byte[1]))).status());
    }

    @Test
    void handlerModeDeliversOnBackendThreadsIncludingCompletionsMadeOffThem() throws Exception {
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        open(ProactorConfig.builder().ioThreads(1).completionHandler(
                c -> seen.add(c.kind() + " " + c.status() + " on " + Thread.currentThread().getName())));
        Listener l = p.listen(FakeWinsock.loopback(0), 8);
        p.submitAccept(l, null);
        ws.completeAccept(ws.awaitStarted(Kind.ACCEPT), FakeWinsock.loopback(1234));
        String accept = seen.poll(10, TimeUnit.SECONDS);
        assertNotNull(accept);
        assertTrue(accept.startsWith("ACCEPT OK on " + p.notifier().prefix()), accept);
        p.close(l);
        p.submitAccept(l, null); // completes CLOSED off the I/O threads: delivered on one of them
        String closed = seen.poll(10, TimeUnit.SECONDS);
        assertNotNull(closed);
        assertTrue(closed.startsWith("ACCEPT CLOSED on " + p.notifier().prefix()), closed);
    }
}
