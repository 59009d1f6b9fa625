package io.overlap.conformance;

import static io.overlap.CompletionStatus.FAILED;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.Listener;
import io.overlap.conformance.FaultPlan.Rule;
import io.overlap.conformance.Harness.PeerConnection;
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one {@link FaultCase} on an open harness whose proactor asks {@code plan}: connections
 * with receives pending (what an I/O thread owns), then one fault at the case's point, then
 * the checks of what must follow (the failed operation, the other connections, the handle it
 * used, new connections). The caller closes the harness and checks the resources.
 */
final class FaultDrill {
    /** How long a provoked fault may take to fire. */
    static final Duration FIRE_BOUND = Duration.ofSeconds(10);
    /** How long the backend must make no call at the point before the rule is added. */
    private static final Duration QUIET = Duration.ofMillis(100);
    /** Connections per wave while setting up many: fewer than one winsock waiter's 63 places. */
    private static final int WAVE = 40;
    /** Pending receives that overflow one winsock waiter's 63 places, so a waiter must start. */
    private static final int OVERFLOW = 80;

    private final Harness h;
    private final FaultPlan plan;
    private final FaultCase c;
    private final FaultAftermath after;

    FaultDrill(Harness h, FaultPlan plan, FaultCase c) {
        this.h = h;
        this.plan = plan;
        this.c = c;
        this.after = new FaultAftermath(h, c);
    }

    void run() {
        if (c.point() == FaultPoint.WAIT) {
            runInWait();
        } else if (c.point() == FaultPoint.THREAD_START) {
            runInThreadStart();
        } else {
            runOnOneOperation();
        }
        if (after.someThreadLives()) {
            after.freshConnectionsWork();
        }
    }

    /** The fault hits one operation's call; receives on other connections are pending meanwhile. */
    private void runOnOneOperation() {
        Map<PeerConnection, Long> pending = FaultAftermath.recvOnEach(h, h.peers(c.ioThreads() * 3));
        Listener listener = c.op() == FaultCase.Op.ACCEPT ? h.listen() : null;
        InetSocketAddress server = c.op() == FaultCase.Op.CONNECT ? address(h.serverSocket()) : null;
        PeerConnection victim = listener == null && server == null ? h.peer() : null;
        plan.awaitQuiet(c.point(), QUIET, FIRE_BOUND);
        Rule rule = plan.failNext(c.point(), 1, c::newFault);
        long id = switch (c.op()) {
            case ACCEPT -> h.accept(listener);
            case CONNECT -> h.connect(server);
            case RECV -> h.recv(victim.conn(), ByteBuffer.allocate(16));
            case POOLED_RECV -> h.recvPooled(victim.conn());
            case SEND -> h.send(victim.conn(), Bytes.utf8("lost"));
        };
        if (victim != null && (c.point() == FaultPoint.READ || c.point() == FaultPoint.ALLOCATE)) {
            // a receive may read (and lease) only once data is there; elsewhere data would let it
            // complete before it reaches the faulted call (e.g. before it registers interest)
            Bytes.write(victim.socket(), "x");
        }
        rule.awaitFired(1, FIRE_BOUND);
        expectFailed(h.await(id));
        plan.liftAll();
        after.settle(pending, 0);
        if (listener != null) {
            acceptAgain(listener);
        } else if (server != null) {
            connectAgain(server);
        } else {
            useAgain(victim);
        }
    }

    /** The fault hits an I/O thread's wait, woken by data for one connection while others wait. */
    private void runInWait() {
        Map<PeerConnection, Long> pending = FaultAftermath.recvOnEach(h, h.peers(c.ioThreads() * 3));
        PeerConnection trigger = h.peer();
        long woken = h.recv(trigger.conn(), ByteBuffer.allocate(16));
        Rule rule = plan.failNext(FaultPoint.WAIT, 1, c::newFault);
        Bytes.write(trigger.socket(), "t");
        rule.awaitFired(1, FIRE_BOUND);
        Completion w = h.await(woken);
        assertTrue(w.status() == OK || w.status() == FAILED, () -> "the receive whose data woke the thread: " + w);
        plan.liftAll();
        after.settle(pending, 0);
    }

    /** The fault hits the start of a waiter, needed once one waiter's set overflows. */
    private void runInThreadStart() {
        List<PeerConnection> conns = new ArrayList<>();
        for (int made = 0; made < OVERFLOW; made += WAVE) {
            conns.addAll(h.peers(WAVE));
        }
        Rule rule = plan.failNext(FaultPoint.THREAD_START, 1, c::newFault);
        Map<PeerConnection, Long> pending = FaultAftermath.recvOnEach(h, conns);
        rule.awaitFired(1, FIRE_BOUND);
        plan.liftAll();
        after.settle(pending, rule.fired());
        assertTrue(h.ledger().count(FAILED) >= 1, "a waiter could not start, yet no operation failed: "
                + "the one that needed it must complete FAILED");
    }

    private void expectFailed(Completion done) {
        assertEquals(FAILED, done.status(), () -> c.kind() + " at " + c.point() + " must fail the " + c.op()
                + " it hit: " + done);
        if (c.kind() == FaultCase.Kind.RUNTIME_EXCEPTION) {
            String m = done.message();
            assertTrue(m != null && m.contains(c.message()), () -> "a " + c.op() + " failed by a RuntimeException "
                    + "completes with the exception's message '" + c.message() + "', not: " + done);
        }
    }

    private void acceptAgain(Listener l) {
        if (!after.victimHandleOpen(l)) {
            after.expectClosedAtOnce(l);
            return;
        }
        try {
            h.socketTo(l.localAddress());
        } catch (UncheckedIOException e) {
            throw new AssertionError("after " + c.kind() + " at " + c.point() + " the listener reports open but "
                    + "refuses connections: " + e.getCause(), e);
        }
        Completion again = h.await(h.accept(l), OK);
        h.close(again.connection());
    }

    private void connectAgain(InetSocketAddress server) {
        if (after.someThreadLives()) {
            h.close(h.await(h.connect(server), OK).connection());
        }
    }

    /**
     * The connection the fault hit: closed, with submissions completing CLOSED at once; or
     * open, where a send and a receive complete exactly once (as after a real I/O error, they
     * need not succeed) and, if they do, the failed send wrote nothing.
     */
    private void useAgain(PeerConnection v) {
        if (!after.victimHandleOpen(v.conn())) {
            after.expectClosedAtOnce(v.conn());
            return;
        }
        long send = h.send(v.conn(), Bytes.utf8("a"));
        FaultAftermath.writeQuietly(v, "y");
        long recv = h.recv(v.conn(), ByteBuffer.allocate(16));
        Map<Long, Completion> done = h.awaitAll(List.of(send, recv));
        if (done.get(send).status() == OK) {
            try {
                assertEquals('a', Bytes.readOne(v.socket()), "the peer's first byte after a failed send");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static InetSocketAddress address(ServerSocket ss) {
        return new InetSocketAddress(Harness.LOOPBACK, ss.getLocalPort());
    }
}
