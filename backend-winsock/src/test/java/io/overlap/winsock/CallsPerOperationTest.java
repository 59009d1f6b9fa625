package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.OpKind;
import io.overlap.ProactorConfig;
import io.overlap.winsock.FakeWinsock.Kind;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Counts the native calls one receive costs on each notification model, the steady state of an
 * echo server: the completion handler submits the next receive, the kernel completes it. Printed
 * for the README's table, and held to it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallsPerOperationTest {
    private static final int ROUNDS = 200;

    private final FakeWinsock fake = new FakeWinsock();
    private final CountingWinsock counter = new CountingWinsock(fake);
    private WinsockProactor p;

    @AfterEach
    void close() {
        if (p != null) {
            p.close();
        }
        assertEquals(java.util.List.of(), fake.violations());
    }

    /** @return the calls per receive, by name, once the handler re-arms each receive itself */
    private Map<String, Double> perReceive(NotifyModel model) throws Exception {
        Semaphore done = new Semaphore(0);
        AtomicReference<Connection> conn = new AtomicReference<>();
        p = WinsockProactor.open(ProactorConfig.builder().ioThreads(1).completionHandler(c -> {
            if (c.kind() == OpKind.RECV && c.status() == CompletionStatus.OK) {
                p.submitRecv(c.handle() instanceof Connection k ? k : conn.get(), ByteBuffer.allocateDirect(8));
            }
            if (c.kind() == OpKind.ACCEPT) {
                conn.set(c.connection());
            }
            done.release();
        }).build(), counter.winsock(), FakeProactorTest.FAST.withNotify(model));
        long accept = p.submitAccept(p.listen(FakeWinsock.loopback(0), 8), null);
        fake.completeAccept(fake.awaitStarted(Kind.ACCEPT), FakeWinsock.loopback(20001));
        assertTrue(done.tryAcquire(10, TimeUnit.SECONDS), "accept " + Long.toHexString(accept));
        p.submitRecv(conn.get(), ByteBuffer.allocateDirect(8));
        fake.completeRecv(fake.awaitStarted(Kind.RECV), new byte[] {1});
        assertTrue(done.tryAcquire(10, TimeUnit.SECONDS));
        FakeWinsock.Op next = fake.awaitStarted(Kind.RECV); // the handler re-armed it: from here it is steady
        fake.awaitBlockedWaits(1);
        Map<String, Long> before = counter.snapshot();
        for (int i = 0; i < ROUNDS; i++) {
            fake.completeRecv(next, new byte[] {2});
            assertTrue(done.tryAcquire(10, TimeUnit.SECONDS));
            next = fake.awaitStarted(Kind.RECV);
            fake.awaitBlockedWaits(1);
        }
        Map<String, Double> out = new TreeMap<>();
        counter.since(before).forEach((k, v) -> out.put(k, v / (double) ROUNDS));
        System.out.println("calls per receive, " + model.id() + " model: " + out);
        return out;
    }

    @Test
    void theEventModelMakesThreeCallsPerReceive() throws Exception {
        Map<String, Double> c = perReceive(NotifyModel.EVENT);
        // WSARecv, the wait, WSAGetOverlappedResult: no WSAResetEvent before the start (the start
        // resets the event) nor on the signal (the result is read anyway); five calls before
        assertEquals(Map.of("startRecv", 1.0, "waitAny", 1.0, "result", 1.0), c);
    }

    @Test
    void theRoutineModelMakesTwoCallsPerReceive() throws Exception {
        Map<String, Double> c = perReceive(NotifyModel.ROUTINE); // useRoutine, a field of the block, is no call
        // WSARecv with its routine, and the alertable wait the routine runs in
        assertEquals(Map.of("startRecv", 1.0, "waitAlertable", 1.0), c);
    }

    @Test
    void theIocpModelMakesTwoCallsPerReceive() throws Exception {
        Map<String, Double> c = perReceive(NotifyModel.IOCP);
        // WSARecv and the dequeue that brings its packet back, with nothing else
        assertEquals(Map.of("startRecv", 1.0, "dequeue", 1.0), c);
    }
}
