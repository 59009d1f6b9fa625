package io.overlap.examples.future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.OpKind;
import io.overlap.CompletionStatus;
import io.overlap.ProactorStats;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FutureEchoServerTest {
    private static final int CLIENTS = 8;
    private static final int ROUNDS = 50;

    @ParameterizedTest
    @EnumSource(FutureEchoServer.Style.class)
    void echoes_every_byte_to_concurrent_clients_and_ends_their_connections_at_end_of_stream(FutureEchoServer.Style style)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (FutureEchoServer server = new FutureEchoServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), style)) {
            List<Future<byte[][]>> runs = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                int seed = i;
                runs.add(clients.submit(() -> talk(server.address(), seed)));
            }
            for (Future<byte[][]> r : runs) {
                byte[][] sentAndGot = r.get(30, TimeUnit.SECONDS);
                assertArrayEquals(sentAndGot[0], sentAndGot[1]);
            }
            long expected = (long) CLIENTS * ROUNDS * 1000;
            assertEquals(expected, server.echoed());
            ProactorStats s = awaitClosed(server);
            assertEquals(expected, s.bytesSent());
            assertEquals(expected, s.bytesReceived());
            assertEquals(CLIENTS, s.completed(OpKind.RECV, CompletionStatus.END_OF_STREAM), "each connection ended at its end of stream");
        } finally {
            clients.shutdownNow();
        }
    }

    /** Waits until every connection's last receive (END_OF_STREAM) has completed. */
    private static ProactorStats awaitClosed(FutureEchoServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        ProactorStats s = server.futures().proactor().stats();
        while (s.completed(OpKind.RECV, CompletionStatus.END_OF_STREAM) < CLIENTS) {
            assertTrue(System.nanoTime() < deadline, () -> "connections did not end: " + server.futures().proactor().stats());
            Thread.sleep(5);
            s = server.futures().proactor().stats();
        }
        return s;
    }

    private static byte[][] talk(InetSocketAddress server, int seed) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(20_000);
            s.connect(server, 20_000);
            byte[] all = new byte[ROUNDS * 1000];
            byte[] got = new byte[all.length];
            new java.util.Random(seed).nextBytes(all);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            for (int r = 0; r < ROUNDS; r++) {
                out.write(all, r * 1000, 1000);
                in.readFully(got, r * 1000, 1000);
            }
            s.shutdownOutput();
            assertEquals(-1, in.read(), "the server closes after our end of stream");
            return new byte[][] {all, got};
        }
    }
}
