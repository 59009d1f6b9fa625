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
 * The bounds are what the backend makes now; a change that adds calls per operation fails here.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CallsPerOpTest {
    private static final int ROUND_TRIPS = 400;
    private static final System.Logger LOG = System.getLogger(CallsPerOpTest.class.getName());

    @Test
    void theEventModelMakesAtMostFiveCallsPerOperation() throws Exception {
        // a start, its wait and WSAGetOverlappedResult; a wake-up (set, wait, reset) only when
        // the submission finds the waiter blocking: 16 calls per round trip before
        assertTrue(total(NotifyModel.EVENT) <= 10);
    }

    @Test
    void theRoutineModelMakesAtMostFourCallsPerOperation() throws Exception {
        // a start and the alertable wait its routine runs in; a wake-up when the waiter blocks
        assertTrue(total(NotifyModel.ROUTINE) <= 8);
    }

    private static long total(NotifyModel model) throws Exception {
        Map<String, Long> perTrip = measure(model);
        long total = perTrip.values().stream().mapToLong(Long::longValue).sum();
        LOG.log(System.Logger.Level.INFO, "{0} model: {1} winsock calls per round trip (send + receive): {2}",
                model.id(), total, perTrip);
        return total;
    }

    /** @return the calls of one round trip (a send, then a receive of its echo), averaged, by name */
    static Map<String, Long> measure(NotifyModel model) throws Exception {
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
