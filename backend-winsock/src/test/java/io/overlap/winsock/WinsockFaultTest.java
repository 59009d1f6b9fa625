package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.ProactorConfig;
import io.overlap.winsock.FakeWinsock.Kind;
import io.overlap.winsock.FakeWinsock.Op;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Containment, through the fault seam over the fake: a failure while handling one operation
 * fails that operation and nothing else; a waiter that dies fails what it owned and the
 * proactor still closes with everything given back (the base class checks that after each test).
 */
class WinsockFaultTest extends FakeProactorTest {
    private final Faults faults = new Faults();

    private WinsockProactor openFaulty(int ioThreads) throws Exception {
        return open(ProactorConfig.builder().ioThreads(ioThreads).faultInjector(faults));
    }

    /** For faults in what only the event model has: an event per slot, extra waiters, stale signals. */
    private WinsockProactor openFaultyEvent(int ioThreads) throws Exception {
        return openEvent(ProactorConfig.builder().ioThreads(ioThreads).faultInjector(faults));
    }

    @Test
    @Tag(EVENT_MODEL)
    void aFailedResetEventAfterAStaleSignalFailsThatReceiveOnlyAndTheWaiterGoesOn() throws Exception {
        openFaultyEvent(1);
        Connection c = accepted();
        long id = p.submitRecv(c, ByteBuffer.allocate(4));
        FakeWinsock.Op pending = ws.awaitStarted(Kind.RECV);
        // only a signal without a completion behind it is reset: make that reset fail
        faults.fail("WSAResetEvent", 1, () -> true, new IOException("injected reset-event failure"));
        ws.signalSpuriously(pending.event);
        Completion failed = next(id);
        assertEquals(CompletionStatus.FAILED, failed.status());
        assertTrue(failed.message().contains("WSAResetEvent failed"), failed.message());
        long again = p.submitRecv(c, ByteBuffer.allocate(4));
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {1});
        assertEquals(CompletionStatus.OK, next(again).status());
    }

    @Test
    @Tag(EVENT_MODEL)
    void aSubmissionWhoseWakeUpFailsTwiceStillStartsAndCompletes() throws Exception {
        openFaulty(1);
        Connection c = accepted();
        ws.awaitBlockedWaits(1); // the primary sleeps: only its wake-up event can bring the submission in
        faults.fail("WSASetEvent", 2, () -> true, new IOException("injected set-event failure"));
        long id = p.submitRecv(c, ByteBuffer.allocate(4));
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {9});
        assertEquals(CompletionStatus.OK, next(id).status());
        assertEquals(2, faults.injected.get());
    }

    @Test
    @Tag(EVENT_MODEL)
    void aWakeUpThatRunsOutOfMemoryNeitherUndoesTheHandOverNorLosesIt() throws Exception {
        openFaulty(1);
        Connection c = accepted();
        ws.awaitBlockedWaits(1);
        faults.fail("WSASetEvent", 3, () -> true, new OutOfMemoryError("injected: no memory for the wake-up"));
        long id = p.submitRecv(c, ByteBuffer.allocate(4)); // queued for the primary, whose wake-up fails
        long later = p.submitRecv(c, ByteBuffer.allocate(4)); // its wake-up gets through: both start, in order
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {1});
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {2});
        Completion first = next(id);
        assertEquals(CompletionStatus.OK, first.status());
        assertEquals(CompletionStatus.OK, next(later).status());
        assertEquals(3, faults.injected.get());
    }

    @Test
    void aStagingMallocFailureFailsThatSendOnly() throws Exception {
        openFaulty(1);
        Connection c = accepted();
        faults.fail("malloc", 1, Faults.within(StagingPool.class), new IOException("injected malloc failure"));
        Completion failed = next(p.submitSend(c, ByteBuffer.wrap(new byte[100])));
        assertEquals(CompletionStatus.FAILED, failed.status());
        assertTrue(failed.message().contains("OutOfMemoryError") && failed.message().contains("injected malloc"),
                failed.message());
        long again = p.submitSend(c, ByteBuffer.wrap(new byte[100]));
        ws.complete(ws.awaitStarted(Kind.SEND), 0, 100);
        assertEquals(CompletionStatus.OK, next(again).status());
    }

    @Test
    @Tag(EVENT_MODEL)
    void aSlotBlockThatCannotBeAllocatedFailsTheSubmissionAndTakesNothing() throws Exception {
        openFaultyEvent(1);
        Connection c = accepted();
        long first = p.submitRecv(c, ByteBuffer.allocate(4)); // takes the one idle slot
        Op started = ws.awaitStarted(Kind.RECV);
        faults.fail("WSACreateEvent", 1, () -> true, new IOException("injected: no event"));
        int slots = p.liveSlots();
        Completion failed = next(p.submitRecv(c, ByteBuffer.allocate(4))); // needs a new slot
        assertEquals(CompletionStatus.FAILED, failed.status());
        assertTrue(failed.message().contains("injected: no event"), failed.message());
        assertEquals(slots, p.liveSlots(), "the slot count is as before");
        ws.completeRecv(started, new byte[] {1});
        assertEquals(CompletionStatus.OK, next(first).status());
    }

    @Test
    void directMemoryRunningOutInAPooledReadFailsThatReceiveAndTheConnectionGoesOn() throws Exception {
        openFaulty(1);
        Connection c = accepted();
        AtomicBoolean outOfMemory = new AtomicBoolean(true);
        BufferPool pool = BufferPool.builder().sizeClass(16, 2).allocator(n -> {
            if (outOfMemory.getAndSet(false)) {
                throw new OutOfMemoryError("Direct buffer memory");
            }
            return ByteBuffer.allocateDirect(n);
        }).build();
        long first = p.submitRecvPooled(c, pool, null, null);
        ws.complete(ws.awaitStarted(Kind.RECV_WAIT), 0, 0);
        Completion failed = next(first);
        assertEquals(CompletionStatus.FAILED, failed.status());
        assertTrue(failed.message().contains("Direct buffer memory"), failed.message());
        assertEquals(0, pool.leased());
        long second = p.submitRecvPooled(c, pool, null, null);
        ws.complete(ws.awaitStarted(Kind.RECV_WAIT), 0, 0);
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {7});
        Completion ok = next(second);
        assertEquals(CompletionStatus.OK, ok.status());
        ok.lease().release();
    }

    @Test
    @Tag(EVENT_MODEL)
    void aWaiterThreadThatCannotBeMadeFailsOnlyTheOperationThatNeededIt() throws Exception {
        openFaultyEvent(1);
        Connection c = accepted();
        List<Long> ids = new ArrayList<>();
        List<Op> started = new ArrayList<>();
        for (int i = 0; i < Waiter.MAX_OPS; i++) { // the primary's set is full after these
            ids.add(p.submitRecv(c, ByteBuffer.allocate(1)));
            started.add(ws.awaitStarted(Kind.RECV));
        }
        faults.fail("Thread.start", 1, () -> true, new OutOfMemoryError("unable to create native thread"));
        Completion failed = next(p.submitRecv(c, ByteBuffer.allocate(1)));
        assertEquals(CompletionStatus.FAILED, failed.status());
        assertTrue(failed.message().contains("unable to create native thread"), failed.message());
        for (Op op : started) {
            ws.completeRecv(op, new byte[] {1});
        }
        for (int i = 0; i < ids.size(); i++) {
            Completion x = p.completions().poll(10, TimeUnit.SECONDS);
            assertNotNull(x);
            assertEquals(CompletionStatus.OK, x.status(), x.toString());
        }
    }

    /** For faults in what only the iocp model has: port threads, their dequeue, packets. */
    private WinsockProactor openFaultyIocp(int ioThreads) throws Exception {
        return openIocp(ProactorConfig.builder().ioThreads(ioThreads).faultInjector(faults));
    }

    @Test
    @Tag(EVENT_MODEL)
    void aPrimaryThatDiesFailsWhatItOwnedItsHandlesCloseAndTheRestGoesOn() throws Exception {
        openFaulty(2);
        aPrimaryDiesInItsWait("WSAWaitForMultipleEvents");
    }

    @Test
    void aPortThreadThatDiesInItsDequeueFailsWhatItOwnedItsHandlesCloseAndTheRestGoesOn() throws Exception {
        openFaultyIocp(2);
        aPrimaryDiesInItsWait("GetQueuedCompletionStatusEx");
    }

    /** Two primaries; the one a connection is homed on dies in its wait ({@code waitCall}) just after starting a receive. */
    private void aPrimaryDiesInItsWait(String waitCall) throws Exception {
        Listener l = p.listen(FakeWinsock.loopback(0), 8);
        Connection c1 = accepted(l);
        Connection c2 = accepted(l);
        IoThread home1 = ref(c1).home();
        assertNotEquals(home1, ref(c2).home(), "round robin homes them apart");
        IoThread victim = home1 == ref(l).home() ? ref(c2).home() : home1;
        Connection doomed = victim == home1 ? c1 : c2;
        Connection survivor = doomed == c1 ? c2 : c1;
        ws.awaitBlockedWaits(2);
        faults.fail(waitCall, 1, Faults.on(victim), new AssertionError("injected death"));
        long pending = p.submitRecv(doomed, ByteBuffer.allocate(4)); // wakes it: it starts this, then dies in its wait
        ws.awaitStarted(Kind.RECV);
        Completion failed = next(pending);
        assertEquals(CompletionStatus.FAILED, failed.status(), failed.toString());
        assertTrue(failed.message().contains("died") && failed.message().contains("injected death"), failed.message());
        assertTrue(victim.isDead());
        assertFalse(doomed.isOpen(), "its handles are marked closed");
        Completion late = next(p.submitRecv(doomed, ByteBuffer.allocate(4)));
        assertEquals(CompletionStatus.CLOSED, late.status());

        long alive = p.submitRecv(survivor, ByteBuffer.allocate(4));
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {1});
        assertEquals(CompletionStatus.OK, next(alive).status());
        Connection fresh = accepted(l); // homed on the live primary only
        assertEquals(ref(survivor).home(), ref(fresh).home());
        long start = System.nanoTime();
        p.close();
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(FAST.closeGraceMillis()),
                "close did not wait out its grace");
    }

    @Test
    void aReceiveTheKernelFinishedJustAsItsPortThreadDiedFailsAllTheSame() throws Exception {
        openFaultyIocp(1);
        Connection c = accepted();
        IoThread victim = ref(c).home();
        ws.awaitBlockedWaits(1);
        // on the victim's first dequeue after it started the receive: the data comes, then it dies
        faults.fail("GetQueuedCompletionStatusEx", 1, () -> {
            if (Thread.currentThread() != victim) {
                return false;
            }
            try {
                ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {1, 2});
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return true;
        }, new AssertionError("injected death"));
        Completion done = next(p.submitRecv(c, ByteBuffer.allocate(4)));
        assertEquals(CompletionStatus.FAILED, done.status(), "its handle died with the thread: " + done);
        assertTrue(done.message().contains("died"), done.message());
        assertFalse(c.isOpen());
    }

    @Test
    void aPortThreadWhoseDequeueFailsNowAndThenWaitsAgainAndLosesNothing() throws Exception {
        openFaultyIocp(1);
        Connection c = accepted();
        ws.awaitBlockedWaits(1);
        faults.fail("GetQueuedCompletionStatusEx", 3, () -> true, new IllegalStateException("injected dequeue failure"));
        long id = p.submitRecv(c, ByteBuffer.allocate(4)); // the wake-up packet ends the wait; the next three fail
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {7, 8});
        Completion done = next(id);
        assertEquals(CompletionStatus.OK, done.status(), done.toString());
        assertEquals(2, done.bytesTransferred());
        assertEquals(3, faults.injected.get(), "each failed dequeue was tried again");
    }

    @Test
    void anInjectedPacketResultIsThatOperationsOutcomeAndNoOtherOnes() throws Exception {
        openFaultyIocp(1);
        Connection c = accepted();
        long hit = p.submitRecv(c, ByteBuffer.allocate(4));
        Op op = ws.awaitStarted(Kind.RECV);
        faults.fail("GetQueuedCompletionStatusEx (packet)", 1, () -> true, new IOException("no buffer space"));
        ws.completeRecv(op, new byte[] {1, 2});
        Completion done = next(hit);
        assertEquals(CompletionStatus.FAILED, done.status(), done.toString());
        assertEquals(WinError.WSAENOBUFS, done.nativeError());
        long after = p.submitRecv(c, ByteBuffer.allocate(4));
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {3});
        Completion next = next(after);
        assertEquals(CompletionStatus.OK, next.status(), "the fault was that packet's alone: " + next);
        assertEquals(1, next.bytesTransferred());
    }

    @Test
    void anInjectedStartFailureComesOutAsTheRealOneWithAMatchingCode() throws Exception {
        openFaulty(1);
        Connection c = accepted();
        faults.fail("WSARecv", 1, () -> true, new IOException("Connection reset by peer"));
        Completion done = next(p.submitRecv(c, ByteBuffer.allocate(1)));
        assertEquals(CompletionStatus.CONNECTION_RESET, done.status());
        assertEquals(WinError.WSAECONNRESET, done.nativeError());
        faults.fail("WSASend", 1, () -> true, new IOException("something else"));
        Completion send = next(p.submitSend(c, ByteBuffer.wrap(new byte[1])));
        assertEquals(CompletionStatus.CONNECTION_RESET, send.status(), "the reset the receive saw ends the send too");
    }

    @Test
    @Tag(EVENT_MODEL)
    void anInjectedResultIsTheOperationsOutcomeOnlyOnceTheKernelIsDone() throws Exception {
        openFaultyEvent(1);
        Connection c = accepted();
        long id = p.submitRecv(c, ByteBuffer.allocate(4));
        Op op = ws.awaitStarted(Kind.RECV);
        faults.fail("WSAGetOverlappedResult", 1, () -> true, new IOException("no buffer space"));
        ws.signalSpuriously(op.event); // a wake before the operation is done: the fault waits
        ws.awaitIncompleteResults(1);
        assertEquals(0, faults.injected.get());
        ws.completeRecv(op, new byte[] {1, 2});
        Completion done = next(id);
        assertEquals(CompletionStatus.FAILED, done.status());
        assertEquals(WinError.WSAENOBUFS, done.nativeError());
    }

    @Test
    void theFaultCodesFollowTheMessage() {
        assertEquals(WinError.WSAECONNRESET, FaultyWinsock.codeOf(new IOException("Connection reset by peer")));
        assertEquals(WinError.WSAECONNREFUSED, FaultyWinsock.codeOf(new IOException("Connection refused")));
        assertEquals(WinError.WSAETIMEDOUT, FaultyWinsock.codeOf(new IOException("Connection timed out")));
        assertEquals(WinError.WSAENOBUFS, FaultyWinsock.codeOf(new IOException("anything")));
        assertEquals(WinError.WSAENOBUFS, FaultyWinsock.codeOf(new IOException()));
        assertEquals(4242, FaultyWinsock.codeOf(new WinsockException("x", 4242, "")));
    }

    @Test
    @Tag(EVENT_MODEL)
    void everyCallGoesThroughTheSeam() throws Exception {
        openFaulty(1);
        Connection c = accepted();
        long id = p.submitSend(c, ByteBuffer.wrap(new byte[3]));
        ws.complete(ws.awaitStarted(Kind.SEND), 0, 3);
        next(id);
        for (String call : List.of("OTHER WSAStartup", "REGISTER WSACreateEvent", "WAIT WSAWaitForMultipleEvents",
                "OTHER WSASocketW", "OTHER bind", "ACCEPT WSASocketW", "ACCEPT AcceptEx", "WRITE WSASend",
                "OTHER WSAGetOverlappedResult", "ALLOCATE malloc",
                "REGISTER wait-set entry")) {
            assertTrue(faults.calls.contains(call), call + " in " + faults.calls);
        }
    }

    private static SocketRef ref(io.overlap.Handle h) {
        return WinsockProactor.ref((io.overlap.spi.AbstractHandle) h);
    }
}
