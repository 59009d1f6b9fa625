package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Counts the Winsock calls per operation of a queue-mode echo client over the emulation (the
 * application thread submits, the I/O thread starts and waits), the figures the README gives.
 * The calls each operation makes are exact; the wake-ups depend on whether a submission finds the
 * I/O thread blocking (the scheduler's), so they are bounded by one per submission.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallsPerOpTest {
    private static final int ROUND_TRIPS = 400;
    private static final System.Logger LOG = System.getLogger(CallsPerOpTest.class.getName());

    @Test
    void theEventModelMakesNoEventResetPerOperationAndAtMostOneWakeUpPerSubmission() throws Exception {
        Map<String, Long> calls = measure(NotifyModel.EVENT);
        // per operation: its start, the wait that sees it, WSAGetOverlappedResult (16 calls per
        // round trip before: two WSAResetEvent per operation and a wake-up per submission)
        assertEquals(1L, calls.get("startSend"));
        assertEquals(1L, calls.get("startRecv"));
        assertEquals(2L, calls.get("result"));
        assertEquals(null, calls.get("resetEvent"), "no WSAResetEvent on an operation's event");
        // a wake-up (set, wait, reset) only for a submission that finds the waiter blocking:
        // how many do is the scheduler's, at most one each
        assertTrue(calls.getOrDefault("setEvent", 0L) <= 2, String.valueOf(calls));
        assertTrue(total(calls) <= 12, String.valueOf(calls));
    }

    @Test
    void theRoutineModelMakesAStartAndAWaitPerOperation() throws Exception {
        Map<String, Long> calls = measure(NotifyModel.ROUTINE);
        assertEquals(1L, calls.get("startSend"));
        assertEquals(1L, calls.get("startRecv"));
        assertEquals(null, calls.get("result"), "the routine brings the result");
        assertEquals(null, calls.get("resetEvent"), "no event per operation");
        assertTrue(calls.getOrDefault("setEvent", 0L) <= 2, String.valueOf(calls));
        assertTrue(total(calls) <= 10, String.valueOf(calls));
    }

    private static long total(Map<String, Long> calls) {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return the calls of one round trip (a send, then a receive of its echo), averaged, by name */
    static Map<String, Long> measure(NotifyModel model) throws Exception {
        Map<String, Long> calls = count(model);
        LOG.log(System.Logger.Level.INFO, "{0} model: {1} winsock calls per round trip (send + receive): {2}",
                model.id(), total(calls), calls);
        return calls;
    }

    private static Map<String, Long> count(NotifyModel model) throws Exception {
        CountingWinsock counting = new CountingWinsock(new EmulatedWinsock());
        try (Proactor p = WinsockProactor.open(ProactorConfig.builder().ioThreads(1).build(), counting.winsock(),
                Tuning.DEFAULTS.withNotify(model)); ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            p.submitConnect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), null);
            Completion c = p.completions().poll(10, TimeUnit.SECONDS);
            assertEquals(CompletionStatus.OK, c.status(), String.valueOf(c));
            Connection conn = c.connection();
            try (Socket peer = server.accept()) {
                Thread echo = new Thread(() -> echo(peer), "echo-peer");
                echo.setDaemon(true);
                echo.start();
                ByteBuffer out = ByteBuffer.allocateDirect(1);
                ByteBuffer in = ByteBuffer.allocateDirect(1);
                roundTrips(p, conn, out, in, 50); // warm up: slots and chunks pooled
                Map<String, Long> before = counting.snapshot();
                roundTrips(p, conn, out, in, ROUND_TRIPS);
                Map<String, Long> calls = counting.since(before);
                calls.replaceAll((k, v) -> Math.round((double) v / ROUND_TRIPS));
                calls.values().removeIf(v -> v == 0);
                p.close(conn);
                return calls;
            }
        }
    }

    private static void roundTrips(Proactor p, Connection conn, ByteBuffer out, ByteBuffer in, int n)
            throws InterruptedException {
        for (int i = 0; i < n; i++) {
            out.clear().put(0, (byte) i);
            p.submitSend(conn, out);
            Completion s = p.completions().poll(10, TimeUnit.SECONDS);
            assertEquals(CompletionStatus.OK, s.status(), String.valueOf(s));
            in.clear();
            p.submitRecv(conn, in);
            Completion r = p.completions().poll(10, TimeUnit.SECONDS);
            assertEquals(CompletionStatus.OK, r.status(), String.valueOf(r));
            assertEquals((byte) i, in.get(0));
        }
    }

    private static void echo(Socket peer) {
        try (InputStream in = peer.getInputStream(); OutputStream out = peer.getOutputStream()) {
            for (int b; (b = in.read()) >= 0; ) {
                out.write(b);
            }
        } catch (java.io.IOException e) {
            // the test closed the connection
        }
    }
}
