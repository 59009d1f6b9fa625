package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.ProactorConfig;
import io.overlap.winsock.FakeWinsock.Kind;
import io.overlap.winsock.FakeWinsock.Op;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What only the {@code iocp} model does: a fixed set of port threads, packets, inline completions, the fallback. */
class PortModelTest extends FakeProactorTest {
    private WinsockProactor openIocp(int ioThreads) throws Exception {
        return openIocp(ProactorConfig.builder().ioThreads(ioThreads));
    }

    @Test
    void twoHundredPendingReceivesWaitOnTheFixedPortThreadsAndNoEventIsMade() throws Exception {
        openIocp(2);
        Listener l = p.listen(FakeWinsock.loopback(0), 8);
        Map<Long, Op> started = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Connection c = accepted(l);
            long id = p.submitRecv(c, ByteBuffer.allocateDirect(4));
            ids.add(id);
            started.put(id, ws.awaitStarted(Kind.RECV));
        }
        assertEquals(2, p.notifier().threadCount());
        assertEquals(2, threads(p.notifier().prefix()), "no thread is added however many operations wait");
        assertEquals(0, ws.liveEvents(), "a port needs no event per operation");
        int before = ws.ports().packets();
        for (long id : ids) {
            ws.completeRecv(started.get(id), new byte[] {1, 2});
        }
        for (int i = 0; i < ids.size(); i++) {
            Completion c = p.completions().poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(CompletionStatus.OK, c.status(), String.valueOf(c));
            assertEquals(2, c.bytesTransferred());
        }
        assertEquals(200, ws.ports().packets() - before, "each completion came back as a packet");
    }

    @Test
    void aSendThatFinishesWithinItsStartCompletesInlineWithNoPacket() throws Exception {
        openIocp(1);
        Connection c = accepted();
        ws.onStart = op -> op.kind == Kind.SEND ? Winsock.DONE_AT_ONCE : 0;
        int before = ws.ports().packets();
        long id = p.submitSend(c, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        Completion done = next(id);
        assertEquals(CompletionStatus.OK, done.status(), done.toString());
        assertEquals(3, done.bytesTransferred());
        assertEquals(before, ws.ports().packets(), "skipped on success: no packet");
        assertTrue(ws.ports().skips(WinsockProactor.ref((io.overlap.spi.AbstractHandle) c).socket()));
    }

    @Test
    void withoutIfsProvidersTheSocketsDoNotSkipAndAnOperationDoneAtOnceStillCompletesOnceThroughThePort()
            throws Exception {
        ws.ifs = false;
        openIocp(1);
        Connection c = accepted();
        assertFalse(ws.ports().skips(WinsockProactor.ref((io.overlap.spi.AbstractHandle) c).socket()), "a non-IFS provider: no skipping");
        ws.onStart = op -> op.kind == Kind.SEND ? Winsock.DONE_AT_ONCE : 0;
        int before = ws.ports().packets();
        long id = p.submitSend(c, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        Completion done = next(id);
        assertEquals(CompletionStatus.OK, done.status(), done.toString());
        assertEquals(1, ws.ports().packets() - before, "the packet is the one notification");
        ws.awaitStarted(Kind.SEND);
        ws.onStart = op -> 0;
        long again = p.submitRecv(c, ByteBuffer.allocate(1)); // the packet was not counted twice: the thread still works
        ws.completeRecv(ws.awaitStarted(Kind.RECV), new byte[] {7});
        assertEquals(CompletionStatus.OK, next(again).status());
    }

    @Test
    void netnameDeletedAfterALocalCloseIsCancelledNotAReset() throws Exception {
        openIocp(1);
        Connection c = accepted();
        ws.cancelError = WinError.ERROR_NETNAME_DELETED; // what a port may report for an aborted receive
        long id = p.submitRecv(c, ByteBuffer.allocate(4));
        ws.awaitStarted(Kind.RECV);
        p.close(c);
        Completion done = next(id);
        assertEquals(CompletionStatus.CANCELLED, done.status(), done.toString());
    }

    @Test
    void netnameDeletedAfterTheBackendsOwnTimeoutIsThatTimeout() throws Exception {
        openIocp(1);
        Connection c = accepted();
        ws.cancelError = WinError.ERROR_NETNAME_DELETED;
        long id = p.submitRecv(c, new ByteBuffer[] {ByteBuffer.allocate(4)}, null, Duration.ofMillis(50));
        ws.awaitStarted(Kind.RECV);
        Completion done = next(id);
        assertEquals(CompletionStatus.TIMED_OUT, done.status(), done.toString());
    }

    @Test
    void netnameDeletedOnAnOpenConnectionNobodyAbortedIsAReset() throws Exception {
        openIocp(1);
        Connection c = accepted();
        long id = p.submitRecv(c, ByteBuffer.allocate(4));
        ws.complete(ws.awaitStarted(Kind.RECV), WinError.ERROR_NETNAME_DELETED, 0);
        Completion done = next(id);
        assertEquals(CompletionStatus.CONNECTION_RESET, done.status(), done.toString());
    }
}
