package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.ProactorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Scale past 64 events per wait, and no handle leaks, against the real Winsock. */
@Tag("windows")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class WinsockScaleTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void twoThousandReceivesInFlightNeed32WaitersOnEventsNoneOtherwiseAndEachGetsItsOwnByte() throws Exception {
        int pairs = 1000;
        WinsockBackend backend = new WinsockBackend();
        try (WinsockProactor p = (WinsockProactor) backend.open(ProactorConfig.builder().ioThreads(2).build())) {
            List<Connection> conns = connect(p, pairs);
            Map<Long, ByteBuffer> buffers = new HashMap<>();
            Map<Long, Integer> index = new HashMap<>();
            for (int i = 0; i < conns.size(); i++) {
                ByteBuffer b = ByteBuffer.allocate(4);
                long id = p.submitRecv(conns.get(i), b);
                buffers.put(id, b);
                index.put(id, i);
            }
            assertEquals(2 * pairs, p.inFlight());
            String prefix = p.notifier().prefix();
            if (p.notifier() instanceof Waiters waiters && !(waiters instanceof RoutineWaiters)) {
                int need = (2 * pairs + Waiter.MAX_OPS - 1) / Waiter.MAX_OPS; // 32
                assertTrue(waiters.awaitThreads(need, 60_000), "waiters: " + waiters.threadCount() + ", want " + need);
                long overlapThreads = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith(prefix)).count();
                assertTrue(overlapThreads >= need, "threads " + overlapThreads);
            } else { // completion routines or a completion port: the two I/O threads hold them all
                assertEquals(2, p.notifier().threadCount());
                assertEquals(2, Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith(prefix)).count(), "threads of " + prefix);
                System.out.println(NotifyModel.fromSystemProperty().id() + " model: " + 2 * pairs
                        + " receives in flight on " + p.notifier().threadCount() + " I/O threads");
            }

            // each connection sends its own index to its peer: conns[2k] <-> conns[2k+1]
            for (int i = 0; i < conns.size(); i++) {
                p.submitSend(conns.get(i), ByteBuffer.allocate(4).putInt(0, i));
            }
            int recvs = 0;
            for (int k = 0; k < 4 * pairs; k++) {
                Completion c = p.completions().poll(60, TimeUnit.SECONDS);
                assertNotNull(c, "completion " + k + " of " + 4 * pairs);
                assertEquals(CompletionStatus.OK, c.status(), c.toString());
                if (c.kind() == OpKind.RECV) {
                    recvs++;
                    ByteBuffer b = buffers.get(c.id());
                    int me = index.get(c.id());
                    int peer = me ^ 1;
                    if (b.position() == 4) {
                        assertEquals(peer, b.getInt(0), "connection " + me + " got another's data");
                    } else {
                        assertTrue(b.position() > 0);
                    }
                }
            }
            assertEquals(2 * pairs, recvs);
            assertEquals(0, p.inFlight());
        }
    }

    /**
     * Ten cycles of open, 20 connection pairs, traffic, a receive left pending, close. Each
     * cycle holds over 40 handles more (40 sockets, events, threads); the count must come back
     * every time. A tolerance of 3 absorbs threads the JVM and Wine start and end on their own
     * (seen as +-1 in the Thread handles with nothing of ours running); one handle leaked per
     * cycle would show as 10.
     */
    @Test
    void handleCountReturnsToBaselineAfterConnectionsAndTheProactorClose() throws Exception {
        WinsockBackend backend = new WinsockBackend();
        cycle(backend); // warm-up: JNA, ws2_32 and the mswsock provider load and keep their own handles
        OptionalLong before = backend.processHandleCount();
        assertTrue(before.isPresent() && before.getAsLong() > 0, "handle count: " + before);
        long most = 0;
        for (int i = 0; i < 10; i++) {
            most = Math.max(most, cycle(backend));
        }
        long after = backend.processHandleCount().orElseThrow();
        long peak = most;
        assertTrue(peak >= before.getAsLong() + 40, () -> "the connections should show: before " + before + ", peak " + peak);
        assertTrue(Math.abs(after - before.getAsLong()) <= 3,
                () -> "handles before " + before.getAsLong() + ", peak " + peak + ", after 10 cycles " + after);
        assertEquals(0, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("overlap-winsock-")).count());
    }

    /** @return the handle count while the connections were open */
    private static long cycle(WinsockBackend backend) throws Exception {
        WinsockProactor p = (WinsockProactor) backend.open(ProactorConfig.builder().ioThreads(2).build());
        try {
            List<Connection> conns = connect(p, 20);
            exchange(p, conns);
            long during = backend.processHandleCount().orElseThrow();
            long pending = p.submitRecv(conns.get(0), ByteBuffer.allocate(8)); // left pending: close completes it
            p.close();
            Completion c = p.completions().poll();
            assertNotNull(c);
            assertEquals(pending, c.id());
            assertEquals(CompletionStatus.CANCELLED, c.status());
            assertEquals(0, p.liveSlots());
            assertEquals(0, p.liveStaging());
            return during;
        } finally {
            p.close();
        }
    }

    /** @return connections, peers side by side: [2k] is a client, [2k+1] its server side */
    private static List<Connection> connect(WinsockProactor p, int pairs) throws IOException, InterruptedException {
        Listener l = p.listen(LOOPBACK, 128);
        List<Connection> out = new ArrayList<>();
        int batch = Math.min(50, pairs);
        for (int done = 0; done < pairs; done += batch) {
            Map<Long, Integer> slotOf = new HashMap<>();
            Connection[] here = new Connection[2 * batch];
            for (int i = 0; i < batch; i++) {
                slotOf.put(p.submitConnect(l.localAddress(), null), 2 * i);
                slotOf.put(p.submitAccept(l, null), -1);
            }
            List<Connection> accepted = new ArrayList<>();
            for (int k = 0; k < 2 * batch; k++) {
                Completion c = p.completions().poll(60, TimeUnit.SECONDS);
                assertNotNull(c, "accept/connect " + k);
                assertEquals(CompletionStatus.OK, c.status(), c.toString());
                int at = slotOf.get(c.id());
                if (at >= 0) {
                    here[at] = c.connection();
                } else {
                    accepted.add(c.connection());
                }
            }
            // pair each client with the accepted connection whose remote is the client's local
            Map<InetSocketAddress, Connection> byRemote = new HashMap<>();
            accepted.forEach(a -> byRemote.put(a.remoteAddress(), a));
            for (int i = 0; i < batch; i++) {
                here[2 * i + 1] = byRemote.get(here[2 * i].localAddress());
                assertNotNull(here[2 * i + 1], "no server side for " + here[2 * i]);
            }
            out.addAll(List.of(here));
        }
        p.close(l);
        return out;
    }

    private static void exchange(WinsockProactor p, List<Connection> conns) throws InterruptedException {
        for (Connection c : conns) {
            p.submitSend(c, ByteBuffer.wrap(new byte[] {1, 2, 3}));
            p.submitRecv(c, ByteBuffer.allocate(3));
        }
        for (int k = 0; k < 2 * conns.size(); k++) {
            Completion c = p.completions().poll(60, TimeUnit.SECONDS);
            assertNotNull(c);
            assertEquals(CompletionStatus.OK, c.status(), c.toString());
        }
    }
}
