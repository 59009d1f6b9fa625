package io.overlap.conformance;

import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.Completion;
import io.overlap.OpKind;
import io.overlap.conformance.Harness.Pair;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Guarantee 8: operations in flight are not limited by 64; thousands of connections work; no starvation. */
public class ScaleScenarios extends ScenarioSupport {
    private static final int MESSAGE = 32;

    @Test
    void more_than_64_connections_with_pending_recvs_each_get_their_own_data() {
        echoThroughPendingRecvs(100);
    }

    @Test
    @Tag("stress")
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void two_thousand_connections_with_pending_recvs_each_get_their_own_data() {
        echoThroughPendingRecvs(2000);
    }

    /**
     * Both ends of every pair hold a pending receive; then each client sends its own message, each
     * server echoes what it got, and each client must get back exactly its own bytes.
     */
    private void echoThroughPendingRecvs(int n) {
        List<Pair> pairs = io.pairs(n);
        Map<Long, Integer> serverRecv = new HashMap<>();
        Map<Long, Integer> clientRecv = new HashMap<>();
        ByteBuffer[] serverBufs = new ByteBuffer[n];
        ByteBuffer[] clientBufs = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            serverBufs[i] = ByteBuffer.allocate(2 * MESSAGE);
            clientBufs[i] = ByteBuffer.allocate(2 * MESSAGE);
            serverRecv.put(io.recv(pairs.get(i).server(), serverBufs[i]), i);
            clientRecv.put(io.recv(pairs.get(i).client(), clientBufs[i]), i);
        }
        assertTrue(io.proactor().inFlight() >= 2 * n,
                () -> 2 * n + " receives must be in flight at once, the proactor reports " + io.proactor().inFlight());
        List<Long> sends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sends.add(io.send(pairs.get(i).client(), Patterns.buffer(i, 0, MESSAGE)));
        }
        List<Long> echoes = new ArrayList<>();
        for (Completion c : io.awaitAll(serverRecv.keySet(), OK)) {
            int i = serverRecv.get(c.id());
            ByteBuffer got = serverBufs[i].duplicate().flip();
            assertEquals(-1, Patterns.firstMismatch(i, 0, got), () -> "server end " + i + " got another client's bytes");
            echoes.add(io.send(pairs.get(i).server(), got));
        }
        io.awaitAll(sends, OK);
        io.awaitAll(echoes, OK);
        for (Completion c : io.awaitAll(clientRecv.keySet(), OK)) {
            int i = clientRecv.get(c.id());
            ByteBuffer got = clientBufs[i].duplicate().flip();
            assertEquals(-1, Patterns.firstMismatch(i, 0, got), () -> "client " + i + " got another's echo");
        }
    }

    @Test
    @Tag("stress")
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void one_hot_connection_does_not_starve_two_hundred_idle_then_active_ones() {
        int chunk = 64 * 1024;
        int depth = 4;
        Pair hot = io.pair();
        List<Pair> idle = io.pairs(200);
        Map<Long, Integer> idleRecvs = new HashMap<>();
        ByteBuffer[] idleBufs = new ByteBuffer[idle.size()];
        for (int i = 0; i < idle.size(); i++) {
            idleBufs[i] = ByteBuffer.allocate(MESSAGE);
            idleRecvs.put(io.recv(idle.get(i).server(), idleBufs[i]), i);
        }
        Set<Long> hotOps = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            hotOps.add(io.send(hot.client(), ByteBuffer.allocateDirect(chunk)));
            hotOps.add(io.recv(hot.server(), ByteBuffer.allocateDirect(chunk)));
        }
        long hotBytes = 0;
        long hotBytesWhileActive = 0;
        long activeSince = 0;
        int warmup = 200;
        Set<Long> idleSends = new HashSet<>();
        long deadline = System.nanoTime() + Harness.AWAIT.toNanos();
        while (!idleRecvs.isEmpty() || !idleSends.isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail(idleRecvs.size() + " of " + idle.size() + " receives on the quiet connections were starved for "
                        + Harness.AWAIT + " by one busy connection (" + hotBytes + " bytes moved on it)");
            }
            if (warmup == 0 && activeSince == 0) {
                activeSince = System.nanoTime();
                for (int i = 0; i < idle.size(); i++) {
                    idleSends.add(io.send(idle.get(i).client(), Patterns.buffer(1000 + i, 0, MESSAGE)));
                }
            }
            Completion c = io.next();
            if (hotOps.remove(c.id())) {
                assertEquals(OK, c.status(), () -> "on the busy connection: " + c);
                hotBytes += c.bytesTransferred();
                if (activeSince != 0) {
                    hotBytesWhileActive += c.bytesTransferred();
                }
                warmup = Math.max(0, warmup - 1);
                ByteBuffer b = c.buffers()[0].clear();
                hotOps.add(c.kind() == OpKind.SEND ? io.send(hot.client(), b) : io.recv(hot.server(), b));
            } else if (idleSends.remove(c.id())) {
                assertEquals(OK, c.status(), () -> "a quiet connection's send: " + c);
            } else {
                Integer i = idleRecvs.remove(c.id());
                assertTrue(i != null, () -> "unexpected completion " + c);
                assertEquals(OK, c.status(), () -> "a quiet connection's receive: " + c);
                ByteBuffer got = idleBufs[i].duplicate().flip();
                assertEquals(-1, Patterns.firstMismatch(1000 + i, 0, got), "a quiet connection got another's bytes");
            }
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - activeSince);
        System.out.println("hot connection: " + hotBytes + " bytes; the 200 quiet ones all served in " + tookMs
                + " ms while it moved " + hotBytesWhileActive + " bytes");
        assertTrue(tookMs < Duration.ofSeconds(5).toMillis(),
                "the 200 quiet connections took " + tookMs + " ms to be served next to one busy connection");
    }
}
