package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.ProactorConfig;
import io.overlap.winsock.FakeWinsock.Kind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What only the {@code routine} model does: no event per receive or send, no 63 per thread. */
class RoutineModelTest extends FakeProactorTest {
    private void openRoutine(int ioThreads) throws Exception {
        p = WinsockProactor.open(ProactorConfig.builder().ioThreads(ioThreads).build(), ws,
                FAST.withNotify(NotifyModel.ROUTINE));
    }

    @Test
    void aThousandPendingReceivesNeedNoEventAndNoThreadBeyondTheIoThread() throws Exception {
        openRoutine(1);
        Connection c = accepted();
        int eventsBefore = ws.liveEvents(); // the wake-up event, and the accept's slot's event
        List<Long> ids = new ArrayList<>();
        List<FakeWinsock.Op> started = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(p.submitRecv(c, ByteBuffer.allocateDirect(1)));
            started.add(ws.awaitStarted(Kind.RECV));
        }
        assertEquals(eventsBefore, ws.liveEvents(), "a receive started with a routine has no event");
        assertEquals(1, p.waiterSet().threadCount(), "no waiter beyond the I/O thread");
        Thread starter = started.get(0).starter;
        assertTrue(starter.getName().startsWith(p.waiterSet().prefix()), starter.getName());
        for (FakeWinsock.Op op : started) {
            assertEquals(starter, op.starter, "every start on the handle's home thread");
        }
        ws.completeAll(started, 0, 1); // their routines run in that thread's next alertable wait
        Set<Long> done = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            Completion x = p.completions().poll(10, TimeUnit.SECONDS);
            assertEquals(CompletionStatus.OK, x.status(), String.valueOf(x));
            assertTrue(done.add(x.id()));
        }
        assertEquals(new HashSet<>(ids), done);
        assertTrue(ws.routinesQueued() >= 1_000);
    }

    @Test
    void aRoutineWhoseContextNamesAnEarlierUseOfItsEntryCompletesNothing() throws Exception {
        RoutineTable table = new RoutineTable();
        Slot first = new Slot(new FakeWinsock.FakeBlock(), 0);
        Slot second = new Slot(new FakeWinsock.FakeBlock(), 0);
        long stale = table.register(first);
        table.unreserve(); // its start failed: the entry is free again
        long live = table.register(second);
        table.adopt(second);
        assertEquals((int) stale, (int) live, "the same entry, used again");
        assertTrue(stale != live && stale >= 0 && live >= 0);
        Waiter notStarted = new Waiter(null, null, ws, this, "not-started", true, ws.createEvent(), 1_000);
        table.completed(stale, 0, 1);
        table.dispatch(notStarted, null); // a routine of the failed start (none should come): ignored
        assertEquals(1, table.count(), "the live operation is still waited for");
        ws.closeEvent(notStarted.wakeEvent());
    }

    @Test
    void aCancelledRoutineReceiveCompletesCancelledOnceItsRoutineRan() throws Exception {
        openRoutine(1);
        Connection c = accepted();
        long id = p.submitRecv(c, ByteBuffer.allocateDirect(4));
        ws.awaitStarted(Kind.RECV);
        assertTrue(p.cancel(id));
        Completion x = next(id);
        assertEquals(CompletionStatus.CANCELLED, x.status());
        long again = p.submitSend(c, ByteBuffer.wrap(new byte[] {1, 2}));
        ws.complete(ws.awaitStarted(Kind.SEND), 0, 2);
        assertEquals(CompletionStatus.OK, next(again).status());
    }

    @Test
    void closeWithRoutineOperationsPendingWaitsForEveryRoutine() throws Exception {
        openRoutine(2);
        Connection c = accepted();
        for (int i = 0; i < 100; i++) {
            p.submitRecv(c, ByteBuffer.allocate(8)); // heap buffers: staged, freed only after the routine
            ws.awaitStarted(Kind.RECV);
        }
        p.submitRecvPooled(c, null, null);
        ws.awaitStarted(Kind.RECV_WAIT);
        // the base class closes: every routine must have run before any block or chunk is freed
    }
}
