package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.ProactorConfig;
import io.overlap.winsock.FakeWinsock.Kind;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;

/** A proactor on {@link FakeWinsock}, and the check after each test that it gave everything back. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class FakeProactorTest {
    /** The tag of tests of the event model's own machinery (events, wait sets, extra waiters): other models run without them. */
    static final String EVENT_MODEL = "event-model";
    /** Short idle and grace times, and the model the build runs the state machine on (io.overlap.winsock.notify). */
    static final Tuning FAST = new Tuning(100, 4, 2, 2_000, NotifyModel.fromSystemProperty());

    final FakeWinsock ws = new FakeWinsock();
    WinsockProactor p;

    WinsockProactor open(ProactorConfig.Builder config) throws Exception {
        p = WinsockProactor.open(config.build(), ws, FAST);
        return p;
    }

    /** Opens on the event model whatever the property says: for what only that model has (events, 63 per waiter). */
    WinsockProactor openEvent(ProactorConfig.Builder config) throws Exception {
        p = WinsockProactor.open(config.build(), ws, FAST.withNotify(NotifyModel.EVENT));
        return p;
    }

    /** Opens on the iocp model whatever the property says: for what only that model has (ports, packets). */
    WinsockProactor openIocp(ProactorConfig.Builder config) throws Exception {
        p = WinsockProactor.open(config.build(), ws, FAST.withNotify(NotifyModel.IOCP));
        return p;
    }

    WinsockProactor openEvent() throws Exception {
        return openEvent(ProactorConfig.builder().ioThreads(1));
    }

    WinsockProactor open() throws Exception {
        return open(ProactorConfig.builder().ioThreads(1));
    }

    @AfterEach
    void closeAndCheckNothingLeaked() {
        if (p != null) {
            p.close();
            assertEquals(0, p.inFlight());
            assertEquals(0, ws.liveEvents(), "events left open");
            assertEquals(0, ws.liveBlocks(), "blocks left allocated");
            assertEquals(0, ws.liveMemory(), "staging memory left allocated");
            assertEquals(0, ws.liveSockets(), "sockets left open");
            assertEquals(ws.startups(), ws.cleanups(), "WSAStartup/WSACleanup");
            assertEquals(0, threads(p.notifier().prefix()), "threads left running");
        }
        assertEquals(List.of(), ws.violations());
    }

    Connection accepted() throws Exception {
        return accepted(p.listen(FakeWinsock.loopback(0), 8));
    }

    Connection accepted(Listener l) throws Exception {
        long id = p.submitAccept(l, null);
        ws.completeAccept(ws.awaitStarted(Kind.ACCEPT), FakeWinsock.loopback(20000 + (int) (id & 0xFFF)));
        Completion c = next(id);
        assertEquals(OpKind.ACCEPT, c.kind());
        assertEquals(CompletionStatus.OK, c.status(), c.toString());
        return c.connection();
    }

    Completion next(long id) throws InterruptedException {
        Completion c = p.completions().poll(10, TimeUnit.SECONDS);
        assertNotNull(c, "no completion for " + Long.toHexString(id));
        assertEquals(id, c.id(), "got " + c);
        return c;
    }

    static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    static void awaitQuietly(CountDownLatch l) {
        try {
            l.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
