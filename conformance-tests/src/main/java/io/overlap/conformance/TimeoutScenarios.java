package io.overlap.conformance;

import static io.overlap.CompletionStatus.OK;
import static io.overlap.CompletionStatus.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Listener;
import io.overlap.conformance.Harness.Pair;
import io.overlap.conformance.Harness.PeerConnection;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Guarantee 6: timeouts complete with TIMED_OUT and leave the proactor healthy. */
public class TimeoutScenarios extends ScenarioSupport {
    private static final Duration SHORT = Duration.ofMillis(100);

    @Test
    void recv_timeout_completes_timed_out_and_the_connection_stays_usable() {
        PeerConnection p = io.peer();
        ByteBuffer dst = ByteBuffer.allocate(16);
        long started = System.nanoTime();
        Completion c = io.await(io.recv(p.conn(), SHORT, dst), TIMED_OUT);
        assertTrue(System.nanoTime() - started >= SHORT.toNanos() - 20_000_000, "timed out more than 20 ms early");
        assertEquals(0, c.bytesTransferred());
        assertEquals(0, dst.position(), "a timed-out receive leaves its buffer untouched");
        Bytes.write(p.socket(), "after");
        ByteBuffer next = ByteBuffer.allocate(5);
        while (next.hasRemaining()) {
            io.await(io.recv(p.conn(), next), OK);
        }
        assertEquals("after", Bytes.filledText(next), "no byte lost to the timed-out receive");
    }

    @Test
    void accept_timeout_completes_timed_out_and_the_listener_stays_usable() {
        Listener l = io.listen();
        Completion c = io.await(io.accept(l, SHORT), TIMED_OUT);
        assertEquals(null, c.connection());
        long again = io.accept(l);
        io.socketTo(l.localAddress());
        io.await(again, OK);
    }

    @Test
    void connect_timeout_completes_timed_out() {
        InetSocketAddress target = PendingConnects.fullBacklog(io);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < PendingConnects.ATTEMPTS; i++) {
            ids.add(io.connect(target, Duration.ofMillis(300)));
        }
        int timedOut = 0;
        for (Completion c : io.awaitAll(ids).values()) {
            if (c.status() == OK) {
                io.close(c.connection());
            } else {
                assertEquals(TIMED_OUT, c.status(), () -> "a connect with a timeout to a full backlog: " + c);
                assertEquals(null, c.connection());
                timedOut++;
            }
        }
        assertTrue(timedOut > 0, "no connect stayed pending long enough to time out");
        io.await(io.connect(io.listener().localAddress()), OK);
    }

    @Test
    void send_timeout_completes_timed_out_with_the_partial_count() {
        PeerConnection p = io.peer();
        int size = 64 << 20;
        ByteBuffer src = ByteBuffer.allocateDirect(size);
        Completion c = io.await(io.send(p.conn(), Duration.ofMillis(200), src), TIMED_OUT);
        assertTrue(c.bytesTransferred() < size);
        assertEquals(c.bytesTransferred(), src.position(), "the position shows the bytes handed over");
        // the proactor stays healthy
        Pair fresh = io.pair();
        io.await(io.send(fresh.client(), Bytes.utf8("ok")), OK);
        io.await(io.recv(fresh.server(), ByteBuffer.allocate(2)), OK);
    }

    @Test
    void completion_before_the_timeout_is_not_followed_by_timed_out() {
        PeerConnection p = io.peer();
        Bytes.write(p.socket(), "now");
        io.await(io.recv(p.conn(), Duration.ofMillis(400), ByteBuffer.allocate(8)), OK);
        io.expectNoCompletion(Duration.ofMillis(600), "a second completion after the receive's timeout");
    }

    @Test
    void hundreds_of_timeouts_fire_and_leave_the_proactor_healthy() {
        List<Pair> pairs = io.pairs(50);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Pair p = pairs.get(i % pairs.size());
            ids.add(io.recv(i % 2 == 0 ? p.server() : p.client(), Duration.ofMillis(20 + (i * 37) % 180),
                    ByteBuffer.allocate(8)));
        }
        io.awaitAll(ids, CompletionStatus.TIMED_OUT);
        for (Pair p : pairs.subList(0, 5)) {
            io.await(io.send(p.client(), Bytes.utf8("alive")), OK);
            io.await(io.recv(p.server(), ByteBuffer.allocate(5)), OK);
        }
    }
}
